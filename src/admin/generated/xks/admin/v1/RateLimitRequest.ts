// Original file: proto/xks_admin.proto


/**
 * a rate limit in a request: a field left out keeps its default (create) or its value (update)
 */
export interface RateLimitRequest {
  /**
   * sustained requests per second, 1..1000000 (default 1800, AWS's per-store quota); 0 is refused
   */
  'requests_per_second'?: (number);
  /**
   * bucket size, 1..10000000 (default 3600); 0 is refused
   */
  'burst'?: (number);
  '_requests_per_second'?: "requests_per_second";
  '_burst'?: "burst";
}

/**
 * a rate limit in a request: a field left out keeps its default (create) or its value (update)
 */
export interface RateLimitRequest__Output {
  /**
   * sustained requests per second, 1..1000000 (default 1800, AWS's per-store quota); 0 is refused
   */
  'requests_per_second'?: (number);
  /**
   * bucket size, 1..10000000 (default 3600); 0 is refused
   */
  'burst'?: (number);
  '_requests_per_second'?: "requests_per_second";
  '_burst'?: "burst";
}
