// Original file: proto/xks_admin.proto

import type { SourceKey as _xks_admin_v1_SourceKey, SourceKey__Output as _xks_admin_v1_SourceKey__Output } from '../../../xks/admin/v1/SourceKey.js';

export interface ListSourceKeysResponse {
  'skip'?: (number);
  'limit'?: (number);
  'total'?: (number);
  'resources'?: (_xks_admin_v1_SourceKey)[];
}

export interface ListSourceKeysResponse__Output {
  'skip': (number);
  'limit': (number);
  'total': (number);
  'resources': (_xks_admin_v1_SourceKey__Output)[];
}
