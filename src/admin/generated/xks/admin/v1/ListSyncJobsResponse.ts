// Original file: proto/xks_admin.proto

import type { SyncJob as _xks_admin_v1_SyncJob, SyncJob__Output as _xks_admin_v1_SyncJob__Output } from '../../../xks/admin/v1/SyncJob.js';

export interface ListSyncJobsResponse {
  'skip'?: (number);
  'limit'?: (number);
  'total'?: (number);
  'resources'?: (_xks_admin_v1_SyncJob)[];
}

export interface ListSyncJobsResponse__Output {
  'skip': (number);
  'limit': (number);
  'total': (number);
  'resources': (_xks_admin_v1_SyncJob__Output)[];
}
