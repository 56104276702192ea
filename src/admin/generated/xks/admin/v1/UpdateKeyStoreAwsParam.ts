// Original file: proto/xks_admin.proto


export interface UpdateKeyStoreAwsParam {
  /**
   * PUBLIC_ENDPOINT or VPC_ENDPOINT_SERVICE
   */
  'xks_proxy_connectivity'?: (string);
  /**
   * https://<dns-name> AWS KMS sends requests to
   */
  'xks_proxy_uri_endpoint'?: (string);
  /**
   * "/<prefix>/kms/xks/v1"
   */
  'xks_proxy_uri_path'?: (string);
  /**
   * needed with VPC_ENDPOINT_SERVICE
   */
  'xks_proxy_vpc_endpoint_service_name'?: (string);
  '_xks_proxy_connectivity'?: "xks_proxy_connectivity";
  '_xks_proxy_uri_endpoint'?: "xks_proxy_uri_endpoint";
  '_xks_proxy_uri_path'?: "xks_proxy_uri_path";
  '_xks_proxy_vpc_endpoint_service_name'?: "xks_proxy_vpc_endpoint_service_name";
}

export interface UpdateKeyStoreAwsParam__Output {
  /**
   * PUBLIC_ENDPOINT or VPC_ENDPOINT_SERVICE
   */
  'xks_proxy_connectivity'?: (string);
  /**
   * https://<dns-name> AWS KMS sends requests to
   */
  'xks_proxy_uri_endpoint'?: (string);
  /**
   * "/<prefix>/kms/xks/v1"
   */
  'xks_proxy_uri_path'?: (string);
  /**
   * needed with VPC_ENDPOINT_SERVICE
   */
  'xks_proxy_vpc_endpoint_service_name'?: (string);
  '_xks_proxy_connectivity'?: "xks_proxy_connectivity";
  '_xks_proxy_uri_endpoint'?: "xks_proxy_uri_endpoint";
  '_xks_proxy_uri_path'?: "xks_proxy_uri_path";
  '_xks_proxy_vpc_endpoint_service_name'?: "xks_proxy_vpc_endpoint_service_name";
}
