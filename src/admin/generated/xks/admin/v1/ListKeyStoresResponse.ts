// Original file: proto/xks_admin.proto

import type { KeyStore as _xks_admin_v1_KeyStore, KeyStore__Output as _xks_admin_v1_KeyStore__Output } from '../../../xks/admin/v1/KeyStore.js';

export interface ListKeyStoresResponse {
  'skip'?: (number);
  'limit'?: (number);
  'total'?: (number);
  'resources'?: (_xks_admin_v1_KeyStore)[];
}

export interface ListKeyStoresResponse__Output {
  'skip': (number);
  'limit': (number);
  'total': (number);
  'resources': (_xks_admin_v1_KeyStore__Output)[];
}
