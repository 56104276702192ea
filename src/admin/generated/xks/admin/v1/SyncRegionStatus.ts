// Original file: proto/xks_admin.proto


/**
 * how far one AWS account and region got
 */
export interface SyncRegionStatus {
  /**
   * "<account>/<region>"
   */
  'region'?: (string);
  /**
   * pending, in progress, region synchronized successfully, synchronized with N error(s),
   * failed: <AWS exception>, cancelled, stopped (the daemon running the job stopped)
   */
  'status'?: (string);
}

/**
 * how far one AWS account and region got
 */
export interface SyncRegionStatus__Output {
  /**
   * "<account>/<region>"
   */
  'region': (string);
  /**
   * pending, in progress, region synchronized successfully, synchronized with N error(s),
   * failed: <AWS exception>, cancelled, stopped (the daemon running the job stopped)
   */
  'status': (string);
}
