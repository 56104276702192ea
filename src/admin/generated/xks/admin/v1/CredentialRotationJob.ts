// Original file: proto/xks_admin.proto


export interface CredentialRotationJob {
  /**
   * the seed's job_config_id
   */
  'job_config_id'?: (string);
  'interval_seconds'?: (number);
  'keep'?: (number);
  /**
   * when the next run starts (ISO 8601)
   */
  'next_run_at'?: (string);
  /**
   * idle (waiting for next_run_at) or pushed (AWS holds a new credential; old ones are deleted once
   * AWS has settled and the grace period is over)
   */
  'step'?: (string);
  /**
   * completed runs
   */
  'runs'?: (number);
  'last_run_at'?: (string);
  /**
   * why the last attempt failed (retried at the next tick); "" after a success
   */
  'last_error'?: (string);
}

export interface CredentialRotationJob__Output {
  /**
   * the seed's job_config_id
   */
  'job_config_id': (string);
  'interval_seconds': (number);
  'keep': (number);
  /**
   * when the next run starts (ISO 8601)
   */
  'next_run_at': (string);
  /**
   * idle (waiting for next_run_at) or pushed (AWS holds a new credential; old ones are deleted once
   * AWS has settled and the grace period is over)
   */
  'step': (string);
  /**
   * completed runs
   */
  'runs': (number);
  'last_run_at': (string);
  /**
   * why the last attempt failed (retried at the next tick); "" after a success
   */
  'last_error': (string);
}
