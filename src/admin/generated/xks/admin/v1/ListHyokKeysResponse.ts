// Original file: proto/xks_admin.proto

import type { HyokKey as _xks_admin_v1_HyokKey, HyokKey__Output as _xks_admin_v1_HyokKey__Output } from '../../../xks/admin/v1/HyokKey.js';

export interface ListHyokKeysResponse {
  'skip'?: (number);
  'limit'?: (number);
  'total'?: (number);
  'resources'?: (_xks_admin_v1_HyokKey)[];
}

export interface ListHyokKeysResponse__Output {
  'skip': (number);
  'limit': (number);
  'total': (number);
  'resources': (_xks_admin_v1_HyokKey__Output)[];
}
