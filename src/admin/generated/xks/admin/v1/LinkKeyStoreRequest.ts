// Original file: proto/xks_admin.proto


export interface LinkKeyStoreRequest {
  /**
   * required: the key store's id
   */
  'id'?: (string);
  /**
   * the AWS connection, by name or id (its account must be the store's kms account, and its regions
   * must include the store's region); optional when the store names its connection, and then it
   * must be that one
   */
  'kms'?: (string);
  /**
   * required: https://<dns-name> AWS KMS sends the store's requests to (http:// only to a loopback
   * address, for trials against the KMS emulator)
   */
  'xks_proxy_uri_endpoint'?: (string);
  /**
   * VPC_ENDPOINT_SERVICE needs this (PUBLIC_ENDPOINT otherwise)
   */
  'xks_proxy_vpc_endpoint_service_name'?: (string);
  /**
   * name of the custom key store in AWS KMS (default: the key store's name)
   */
  'custom_key_store_name'?: (string);
}

export interface LinkKeyStoreRequest__Output {
  /**
   * required: the key store's id
   */
  'id': (string);
  /**
   * the AWS connection, by name or id (its account must be the store's kms account, and its regions
   * must include the store's region); optional when the store names its connection, and then it
   * must be that one
   */
  'kms': (string);
  /**
   * required: https://<dns-name> AWS KMS sends the store's requests to (http:// only to a loopback
   * address, for trials against the KMS emulator)
   */
  'xks_proxy_uri_endpoint': (string);
  /**
   * VPC_ENDPOINT_SERVICE needs this (PUBLIC_ENDPOINT otherwise)
   */
  'xks_proxy_vpc_endpoint_service_name': (string);
  /**
   * name of the custom key store in AWS KMS (default: the key store's name)
   */
  'custom_key_store_name': (string);
}
