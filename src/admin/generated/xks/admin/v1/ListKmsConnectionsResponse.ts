// Original file: proto/xks_admin.proto

import type { KmsConnection as _xks_admin_v1_KmsConnection, KmsConnection__Output as _xks_admin_v1_KmsConnection__Output } from '../../../xks/admin/v1/KmsConnection.js';

export interface ListKmsConnectionsResponse {
  'skip'?: (number);
  'limit'?: (number);
  'total'?: (number);
  'resources'?: (_xks_admin_v1_KmsConnection)[];
}

export interface ListKmsConnectionsResponse__Output {
  'skip': (number);
  'limit': (number);
  'total': (number);
  'resources': (_xks_admin_v1_KmsConnection__Output)[];
}
