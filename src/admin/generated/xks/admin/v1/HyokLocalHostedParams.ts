// Original file: proto/xks_admin.proto

import type { PolicyParams as _xks_admin_v1_PolicyParams, PolicyParams__Output as _xks_admin_v1_PolicyParams__Output } from '../../../xks/admin/v1/PolicyParams.js';

export interface HyokLocalHostedParams {
  /**
   * create blocked: AWS KMS use of the key is refused until unblocked
   */
  'blocked'?: (boolean);
  /**
   * required: the key store the key belongs to
   */
  'custom_key_store_id'?: (string);
  /**
   * as in the seed: the virtual key id (a source key id is accepted too: a virtual key is made for it)
   */
  'source_key_id'?: (string);
  /**
   * virtual key id
   */
  'virtual_key_id'?: (string);
  /**
   * linked with AWS; in a create request: create the AWS KMS key too (as hyokkey link does)
   */
  'linked_state'?: (boolean);
  'policy'?: (_xks_admin_v1_PolicyParams | null);
}

export interface HyokLocalHostedParams__Output {
  /**
   * create blocked: AWS KMS use of the key is refused until unblocked
   */
  'blocked': (boolean);
  /**
   * required: the key store the key belongs to
   */
  'custom_key_store_id': (string);
  /**
   * as in the seed: the virtual key id (a source key id is accepted too: a virtual key is made for it)
   */
  'source_key_id': (string);
  /**
   * virtual key id
   */
  'virtual_key_id': (string);
  /**
   * linked with AWS; in a create request: create the AWS KMS key too (as hyokkey link does)
   */
  'linked_state': (boolean);
  'policy': (_xks_admin_v1_PolicyParams__Output | null);
}
