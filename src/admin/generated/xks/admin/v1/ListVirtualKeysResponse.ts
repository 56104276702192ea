// Original file: proto/xks_admin.proto

import type { VirtualKey as _xks_admin_v1_VirtualKey, VirtualKey__Output as _xks_admin_v1_VirtualKey__Output } from '../../../xks/admin/v1/VirtualKey.js';

export interface ListVirtualKeysResponse {
  'skip'?: (number);
  'limit'?: (number);
  'total'?: (number);
  'resources'?: (_xks_admin_v1_VirtualKey)[];
}

export interface ListVirtualKeysResponse__Output {
  'skip': (number);
  'limit': (number);
  'total': (number);
  'resources': (_xks_admin_v1_VirtualKey__Output)[];
}
