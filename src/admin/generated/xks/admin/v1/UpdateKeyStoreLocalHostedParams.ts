// Original file: proto/xks_admin.proto

import type { RateLimitRequest as _xks_admin_v1_RateLimitRequest, RateLimitRequest__Output as _xks_admin_v1_RateLimitRequest__Output } from '../../../xks/admin/v1/RateLimitRequest.js';

export interface UpdateKeyStoreLocalHostedParams {
  /**
   * source key used by GetHealthStatus
   */
  'health_check_key_id'?: (string);
  /**
   * requests need mutual TLS with AWS KMS's client certificate for the store's region
   * (CN=cks.kms.<region>.amazonaws.com); true needs the daemon's xks.tls.clientAuth
   */
  'mtls_enabled'?: (boolean);
  /**
   * 2..20, and not below the credentials the store holds
   */
  'max_credentials'?: (number);
  'rate_limit'?: (_xks_admin_v1_RateLimitRequest | null);
  '_health_check_key_id'?: "health_check_key_id";
  '_mtls_enabled'?: "mtls_enabled";
  '_max_credentials'?: "max_credentials";
}

export interface UpdateKeyStoreLocalHostedParams__Output {
  /**
   * source key used by GetHealthStatus
   */
  'health_check_key_id'?: (string);
  /**
   * requests need mutual TLS with AWS KMS's client certificate for the store's region
   * (CN=cks.kms.<region>.amazonaws.com); true needs the daemon's xks.tls.clientAuth
   */
  'mtls_enabled'?: (boolean);
  /**
   * 2..20, and not below the credentials the store holds
   */
  'max_credentials'?: (number);
  'rate_limit': (_xks_admin_v1_RateLimitRequest__Output | null);
  '_health_check_key_id'?: "health_check_key_id";
  '_mtls_enabled'?: "mtls_enabled";
  '_max_credentials'?: "max_credentials";
}
