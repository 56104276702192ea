// Original file: proto/xks_admin.proto


export interface Credential {
  'id'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  'custom_key_store_id'?: (string);
  'version'?: (number);
  'access_key_id'?: (string);
  'cloud_name'?: (string);
  /**
   * Filled only when the credential is created or rotated in: shown once, never stored in the clear.
   */
  'secret_access_key'?: (string);
  /**
   * AWS console "proxy configuration file" JSON (XksProxyUriPath + credential); only at creation.
   */
  'proxy_configuration'?: (string);
}

export interface Credential__Output {
  'id': (string);
  'createdAt': (string);
  'updatedAt': (string);
  'custom_key_store_id': (string);
  'version': (number);
  'access_key_id': (string);
  'cloud_name': (string);
  /**
   * Filled only when the credential is created or rotated in: shown once, never stored in the clear.
   */
  'secret_access_key': (string);
  /**
   * AWS console "proxy configuration file" JSON (XksProxyUriPath + credential); only at creation.
   */
  'proxy_configuration': (string);
}
