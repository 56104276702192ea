// Original file: proto/xks_admin.proto


export interface RateLimit {
  /**
   * sustained requests per second (0 in a request = default 1800, AWS's per-store quota)
   */
  'requests_per_second'?: (number);
  /**
   * bucket size (0 in a request = default 3600)
   */
  'burst'?: (number);
}

export interface RateLimit__Output {
  /**
   * sustained requests per second (0 in a request = default 1800, AWS's per-store quota)
   */
  'requests_per_second': (number);
  /**
   * bucket size (0 in a request = default 3600)
   */
  'burst': (number);
}
