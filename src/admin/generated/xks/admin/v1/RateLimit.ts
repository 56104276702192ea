// Original file: proto/xks_admin.proto


/**
 * a key store's rate limit as answered
 */
export interface RateLimit {
  'requests_per_second'?: (number);
  'burst'?: (number);
}

/**
 * a key store's rate limit as answered
 */
export interface RateLimit__Output {
  'requests_per_second': (number);
  'burst': (number);
}
