// Original file: proto/xks_admin.proto


export interface HealthCheckResponse {
  'id'?: (string);
  /**
   * the XKS GetHealthStatus answer the data plane computed, as JSON
   */
  'result'?: (string);
}

export interface HealthCheckResponse__Output {
  'id': (string);
  /**
   * the XKS GetHealthStatus answer the data plane computed, as JSON
   */
  'result': (string);
}
