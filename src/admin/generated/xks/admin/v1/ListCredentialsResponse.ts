// Original file: proto/xks_admin.proto

import type { Credential as _xks_admin_v1_Credential, Credential__Output as _xks_admin_v1_Credential__Output } from '../../../xks/admin/v1/Credential.js';

export interface ListCredentialsResponse {
  'skip'?: (number);
  'limit'?: (number);
  'total'?: (number);
  'resources'?: (_xks_admin_v1_Credential)[];
}

export interface ListCredentialsResponse__Output {
  'skip': (number);
  'limit': (number);
  'total': (number);
  'resources': (_xks_admin_v1_Credential__Output)[];
}
