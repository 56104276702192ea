// Original file: proto/xks_admin.proto


export interface KeyStoreAwsParam {
  'custom_key_store_name'?: (string);
  /**
   * PUBLIC_ENDPOINT (default) or VPC_ENDPOINT_SERVICE
   */
  'xks_proxy_connectivity'?: (string);
  'xks_proxy_uri_endpoint'?: (string);
  /**
   * "/<prefix>/kms/xks/v1"; default "/keystores/<id>/kms/xks/v1"
   */
  'xks_proxy_uri_path'?: (string);
  'xks_proxy_vpc_endpoint_service_name'?: (string);
  /**
   * EXTERNAL_KEY_STORE (the only type this proxy hosts)
   */
  'custom_key_store_type'?: (string);
  /**
   * AWS-side key store id once linked
   */
  'custom_key_store_id'?: (string);
  'connection_state'?: (string);
}

export interface KeyStoreAwsParam__Output {
  'custom_key_store_name': (string);
  /**
   * PUBLIC_ENDPOINT (default) or VPC_ENDPOINT_SERVICE
   */
  'xks_proxy_connectivity': (string);
  'xks_proxy_uri_endpoint': (string);
  /**
   * "/<prefix>/kms/xks/v1"; default "/keystores/<id>/kms/xks/v1"
   */
  'xks_proxy_uri_path': (string);
  'xks_proxy_vpc_endpoint_service_name': (string);
  /**
   * EXTERNAL_KEY_STORE (the only type this proxy hosts)
   */
  'custom_key_store_type': (string);
  /**
   * AWS-side key store id once linked
   */
  'custom_key_store_id': (string);
  'connection_state': (string);
}
