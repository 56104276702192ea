// Original file: proto/xks_admin.proto


export interface EnableCredentialRotationJobRequest {
  /**
   * required: the key store's id (a linked store)
   */
  'id'?: (string);
  /**
   * required: how often the job rotates, as <n>s, <n>m, <n>h or <n>d ("24h"); at least the daemon's
   * credentialRotation.minIntervalSeconds (default 1 hour), at most 365 days
   */
  'interval'?: (string);
  /**
   * credentials the store keeps after a run, the one AWS holds among them: 1..max_credentials-1;
   * 0 = default 2 (the new one and the one before)
   */
  'keep'?: (number);
}

export interface EnableCredentialRotationJobRequest__Output {
  /**
   * required: the key store's id (a linked store)
   */
  'id': (string);
  /**
   * required: how often the job rotates, as <n>s, <n>m, <n>h or <n>d ("24h"); at least the daemon's
   * credentialRotation.minIntervalSeconds (default 1 hour), at most 365 days
   */
  'interval': (string);
  /**
   * credentials the store keeps after a run, the one AWS holds among them: 1..max_credentials-1;
   * 0 = default 2 (the new one and the one before)
   */
  'keep': (number);
}
