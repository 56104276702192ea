// Original file: proto/xks_admin.proto

import type { KeyStore as _xks_admin_v1_KeyStore, KeyStore__Output as _xks_admin_v1_KeyStore__Output } from '../../../xks/admin/v1/KeyStore.js';
import type { Credential as _xks_admin_v1_Credential, Credential__Output as _xks_admin_v1_Credential__Output } from '../../../xks/admin/v1/Credential.js';

export interface RotateCredentialResponse {
  /**
   * the key store after rotation (credential_version counts up)
   */
  'custom_key_store'?: (_xks_admin_v1_KeyStore | null);
  /**
   * the new credential, with its secret and proxy_configuration
   */
  'credential'?: (_xks_admin_v1_Credential | null);
  'credential_count'?: (number);
  'oldest_credentials_id'?: (string);
}

export interface RotateCredentialResponse__Output {
  /**
   * the key store after rotation (credential_version counts up)
   */
  'custom_key_store': (_xks_admin_v1_KeyStore__Output | null);
  /**
   * the new credential, with its secret and proxy_configuration
   */
  'credential': (_xks_admin_v1_Credential__Output | null);
  'credential_count': (number);
  'oldest_credentials_id': (string);
}
