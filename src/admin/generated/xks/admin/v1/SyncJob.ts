// Original file: proto/xks_admin.proto

import type { SyncRegionStatus as _xks_admin_v1_SyncRegionStatus, SyncRegionStatus__Output as _xks_admin_v1_SyncRegionStatus__Output } from '../../../xks/admin/v1/SyncRegionStatus.js';
import type { SyncItemError as _xks_admin_v1_SyncItemError, SyncItemError__Output as _xks_admin_v1_SyncItemError__Output } from '../../../xks/admin/v1/SyncItemError.js';

/**
 * a synchronization job: reads AWS KMS (DescribeCustomKeyStores, ListKeys, DescribeKey) and
 * reconciles the linked key stores and HYOK keys with it
 */
export interface SyncJob {
  'id'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  /**
   * in_progress, completed, failed or cancelled
   */
  'overall_status'?: (string);
  'detailed_status'?: (_xks_admin_v1_SyncRegionStatus)[];
  /**
   * the AWS connection ids synchronized
   */
  'kms'?: (string)[];
  /**
   * the regions asked for (none: every region of each connection)
   */
  'regions'?: (string)[];
  'synchronize_all'?: (boolean);
  /**
   * a cancel was asked for: the job stops at its next item
   */
  'abort'?: (boolean);
  /**
   * items (AWS keys read, key stores and HYOK keys reconciled) known so far, and done
   */
  'items_total'?: (number);
  'items_done'?: (number);
  'errors'?: (_xks_admin_v1_SyncItemError)[];
  /**
   * what the job changed here, one line each
   */
  'changes'?: (string)[];
  /**
   * why the job failed or stopped, "" otherwise
   */
  'error'?: (string);
  /**
   * the fleet node that runs it
   */
  'owner_node'?: (string);
}

/**
 * a synchronization job: reads AWS KMS (DescribeCustomKeyStores, ListKeys, DescribeKey) and
 * reconciles the linked key stores and HYOK keys with it
 */
export interface SyncJob__Output {
  'id': (string);
  'createdAt': (string);
  'updatedAt': (string);
  /**
   * in_progress, completed, failed or cancelled
   */
  'overall_status': (string);
  'detailed_status': (_xks_admin_v1_SyncRegionStatus__Output)[];
  /**
   * the AWS connection ids synchronized
   */
  'kms': (string)[];
  /**
   * the regions asked for (none: every region of each connection)
   */
  'regions': (string)[];
  'synchronize_all': (boolean);
  /**
   * a cancel was asked for: the job stops at its next item
   */
  'abort': (boolean);
  /**
   * items (AWS keys read, key stores and HYOK keys reconciled) known so far, and done
   */
  'items_total': (number);
  'items_done': (number);
  'errors': (_xks_admin_v1_SyncItemError__Output)[];
  /**
   * what the job changed here, one line each
   */
  'changes': (string)[];
  /**
   * why the job failed or stopped, "" otherwise
   */
  'error': (string);
  /**
   * the fleet node that runs it
   */
  'owner_node': (string);
}
