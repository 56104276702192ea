// Original file: proto/xks_admin.proto

import type { HyokKey as _xks_admin_v1_HyokKey, HyokKey__Output as _xks_admin_v1_HyokKey__Output } from '../../../xks/admin/v1/HyokKey.js';

export interface DeleteHyokKeyResponse {
  /**
   * removed here (an unlinked key, or one AWS has deleted)
   */
  'deleted'?: (boolean);
  /**
   * when AWS deletes the AWS KMS key (ISO 8601); the key keeps serving until then
   */
  'deletion_date'?: (string);
  /**
   * what happened, in words
   */
  'message'?: (string);
  /**
   * the key as it stands when it was not removed
   */
  'key'?: (_xks_admin_v1_HyokKey | null);
}

export interface DeleteHyokKeyResponse__Output {
  /**
   * removed here (an unlinked key, or one AWS has deleted)
   */
  'deleted': (boolean);
  /**
   * when AWS deletes the AWS KMS key (ISO 8601); the key keeps serving until then
   */
  'deletion_date': (string);
  /**
   * what happened, in words
   */
  'message': (string);
  /**
   * the key as it stands when it was not removed
   */
  'key': (_xks_admin_v1_HyokKey__Output | null);
}
