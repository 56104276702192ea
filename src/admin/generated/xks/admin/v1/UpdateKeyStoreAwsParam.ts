// Original file: proto/xks_admin.proto


export interface UpdateKeyStoreAwsParam {
  'xks_proxy_connectivity'?: (string);
  'xks_proxy_uri_endpoint'?: (string);
  'xks_proxy_uri_path'?: (string);
  'xks_proxy_vpc_endpoint_service_name'?: (string);
  '_xks_proxy_connectivity'?: "xks_proxy_connectivity";
  '_xks_proxy_uri_endpoint'?: "xks_proxy_uri_endpoint";
  '_xks_proxy_uri_path'?: "xks_proxy_uri_path";
  '_xks_proxy_vpc_endpoint_service_name'?: "xks_proxy_vpc_endpoint_service_name";
}

export interface UpdateKeyStoreAwsParam__Output {
  'xks_proxy_connectivity'?: (string);
  'xks_proxy_uri_endpoint'?: (string);
  'xks_proxy_uri_path'?: (string);
  'xks_proxy_vpc_endpoint_service_name'?: (string);
  '_xks_proxy_connectivity'?: "xks_proxy_connectivity";
  '_xks_proxy_uri_endpoint'?: "xks_proxy_uri_endpoint";
  '_xks_proxy_uri_path'?: "xks_proxy_uri_path";
  '_xks_proxy_vpc_endpoint_service_name'?: "xks_proxy_vpc_endpoint_service_name";
}
