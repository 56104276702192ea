// Original file: proto/xks_admin.proto

import type { VirtualKeyVersion as _xks_admin_v1_VirtualKeyVersion, VirtualKeyVersion__Output as _xks_admin_v1_VirtualKeyVersion__Output } from '../../../xks/admin/v1/VirtualKeyVersion.js';

export interface ListVersionsResponse {
  'skip'?: (number);
  'limit'?: (number);
  'total'?: (number);
  'resources'?: (_xks_admin_v1_VirtualKeyVersion)[];
}

export interface ListVersionsResponse__Output {
  'skip': (number);
  'limit': (number);
  'total': (number);
  'resources': (_xks_admin_v1_VirtualKeyVersion__Output)[];
}
