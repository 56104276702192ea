// Original file: proto/xks_admin.proto


export interface KeyStoreAwsParam {
  /**
   * name of the key store in AWS KMS
   */
  'custom_key_store_name'?: (string);
  /**
   * PUBLIC_ENDPOINT (default) or VPC_ENDPOINT_SERVICE
   */
  'xks_proxy_connectivity'?: (string);
  /**
   * https://<dns-name> AWS KMS sends requests to
   */
  'xks_proxy_uri_endpoint'?: (string);
  /**
   * "/<prefix>/kms/xks/v1"; default "/keystores/<id>/kms/xks/v1"
   */
  'xks_proxy_uri_path'?: (string);
  /**
   * needed with VPC_ENDPOINT_SERVICE
   */
  'xks_proxy_vpc_endpoint_service_name'?: (string);
  /**
   * EXTERNAL_KEY_STORE (the only type this proxy hosts)
   */
  'custom_key_store_type'?: (string);
  /**
   * AWS-side key store id once linked
   */
  'custom_key_store_id'?: (string);
  /**
   * AWS-side connection state (answers): DISCONNECTED, CONNECTING, CONNECTED, FAILED, DISCONNECTING
   */
  'connection_state'?: (string);
  /**
   * AWS's ConnectionErrorCode while connection_state is FAILED (answers)
   */
  'connection_error_code'?: (string);
  /**
   * the AWS connection (kms connection id) the store is linked through (answers)
   */
  'kms_connection_id'?: (string);
  /**
   * the credential AWS KMS holds for a linked store (answers): set by link and by every push of a
   * rotation; deleting it is refused
   */
  'aws_credential_id'?: (string);
  /**
   * a credential a rotation created and is giving to AWS, not yet confirmed by AWS (answers)
   */
  'aws_pending_credential_id'?: (string);
}

export interface KeyStoreAwsParam__Output {
  /**
   * name of the key store in AWS KMS
   */
  'custom_key_store_name': (string);
  /**
   * PUBLIC_ENDPOINT (default) or VPC_ENDPOINT_SERVICE
   */
  'xks_proxy_connectivity': (string);
  /**
   * https://<dns-name> AWS KMS sends requests to
   */
  'xks_proxy_uri_endpoint': (string);
  /**
   * "/<prefix>/kms/xks/v1"; default "/keystores/<id>/kms/xks/v1"
   */
  'xks_proxy_uri_path': (string);
  /**
   * needed with VPC_ENDPOINT_SERVICE
   */
  'xks_proxy_vpc_endpoint_service_name': (string);
  /**
   * EXTERNAL_KEY_STORE (the only type this proxy hosts)
   */
  'custom_key_store_type': (string);
  /**
   * AWS-side key store id once linked
   */
  'custom_key_store_id': (string);
  /**
   * AWS-side connection state (answers): DISCONNECTED, CONNECTING, CONNECTED, FAILED, DISCONNECTING
   */
  'connection_state': (string);
  /**
   * AWS's ConnectionErrorCode while connection_state is FAILED (answers)
   */
  'connection_error_code': (string);
  /**
   * the AWS connection (kms connection id) the store is linked through (answers)
   */
  'kms_connection_id': (string);
  /**
   * the credential AWS KMS holds for a linked store (answers): set by link and by every push of a
   * rotation; deleting it is refused
   */
  'aws_credential_id': (string);
  /**
   * a credential a rotation created and is giving to AWS, not yet confirmed by AWS (answers)
   */
  'aws_pending_credential_id': (string);
}
