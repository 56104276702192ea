// Original file: proto/xks_admin.proto

import type { RateLimitRequest as _xks_admin_v1_RateLimitRequest, RateLimitRequest__Output as _xks_admin_v1_RateLimitRequest__Output } from '../../../xks/admin/v1/RateLimitRequest.js';

/**
 * KeyStoreLocalHostedParams as a create request takes it (same fields and numbers)
 */
export interface CreateKeyStoreLocalHostedParams {
  'partition_id'?: (string);
  'partition_label'?: (string);
  'blocked'?: (boolean);
  'health_check_key_id'?: (string);
  /**
   * 2..20; 0 = default 10
   */
  'max_credentials'?: (number);
  /**
   * requests need mutual TLS with AWS KMS's client certificate for the store's region
   * (CN=cks.kms.<region>.amazonaws.com); true needs the daemon's xks.tls.clientAuth
   */
  'mtls_enabled'?: (boolean);
  'source_key_tier'?: (string);
  'linked_state'?: (boolean);
  'rate_limit'?: (_xks_admin_v1_RateLimitRequest | null);
  'source_container_type'?: (string);
}

/**
 * KeyStoreLocalHostedParams as a create request takes it (same fields and numbers)
 */
export interface CreateKeyStoreLocalHostedParams__Output {
  'partition_id': (string);
  'partition_label': (string);
  'blocked': (boolean);
  'health_check_key_id': (string);
  /**
   * 2..20; 0 = default 10
   */
  'max_credentials': (number);
  /**
   * requests need mutual TLS with AWS KMS's client certificate for the store's region
   * (CN=cks.kms.<region>.amazonaws.com); true needs the daemon's xks.tls.clientAuth
   */
  'mtls_enabled': (boolean);
  'source_key_tier': (string);
  'linked_state': (boolean);
  'rate_limit': (_xks_admin_v1_RateLimitRequest__Output | null);
  'source_container_type': (string);
}
