// Original file: proto/xks_admin.proto

import type { RateLimit as _xks_admin_v1_RateLimit, RateLimit__Output as _xks_admin_v1_RateLimit__Output } from '../../../xks/admin/v1/RateLimit.js';

export interface KeyStoreLocalHostedParams {
  /**
   * Luna partition: this proxy identifies it by its PKCS#11 token label; partition_id and
   * partition_label carry the same value. Required for luna-hsm, empty for local.
   */
  'partition_id'?: (string);
  /**
   * the partition's label (answers; the same value as partition_id)
   */
  'partition_label'?: (string);
  /**
   * create blocked: AWS KMS requests are refused until unblocked
   */
  'blocked'?: (boolean);
  /**
   * source key used by GetHealthStatus; created automatically when left empty
   */
  'health_check_key_id'?: (string);
  /**
   * 2..20 (0 in a request = default 10)
   */
  'max_credentials'?: (number);
  /**
   * requests need mutual TLS with AWS KMS's client certificate for the store's region
   * (CN=cks.kms.<region>.amazonaws.com); true needs the daemon's xks.tls.clientAuth
   */
  'mtls_enabled'?: (boolean);
  /**
   * "local" or "luna-hsm"; empty in a request = luna-hsm when a partition is given, else local
   */
  'source_key_tier'?: (string);
  /**
   * linked with AWS (answers)
   */
  'linked_state'?: (boolean);
  'rate_limit'?: (_xks_admin_v1_RateLimit | null);
  /**
   * kind of key container (answers)
   */
  'source_container_type'?: (string);
}

export interface KeyStoreLocalHostedParams__Output {
  /**
   * Luna partition: this proxy identifies it by its PKCS#11 token label; partition_id and
   * partition_label carry the same value. Required for luna-hsm, empty for local.
   */
  'partition_id': (string);
  /**
   * the partition's label (answers; the same value as partition_id)
   */
  'partition_label': (string);
  /**
   * create blocked: AWS KMS requests are refused until unblocked
   */
  'blocked': (boolean);
  /**
   * source key used by GetHealthStatus; created automatically when left empty
   */
  'health_check_key_id': (string);
  /**
   * 2..20 (0 in a request = default 10)
   */
  'max_credentials': (number);
  /**
   * requests need mutual TLS with AWS KMS's client certificate for the store's region
   * (CN=cks.kms.<region>.amazonaws.com); true needs the daemon's xks.tls.clientAuth
   */
  'mtls_enabled': (boolean);
  /**
   * "local" or "luna-hsm"; empty in a request = luna-hsm when a partition is given, else local
   */
  'source_key_tier': (string);
  /**
   * linked with AWS (answers)
   */
  'linked_state': (boolean);
  'rate_limit': (_xks_admin_v1_RateLimit__Output | null);
  /**
   * kind of key container (answers)
   */
  'source_container_type': (string);
}
