// Original file: proto/xks_admin.proto

import type { PolicyTemplate as _xks_admin_v1_PolicyTemplate, PolicyTemplate__Output as _xks_admin_v1_PolicyTemplate__Output } from '../../../xks/admin/v1/PolicyTemplate.js';

export interface ListPolicyTemplatesResponse {
  'skip'?: (number);
  'limit'?: (number);
  'total'?: (number);
  'resources'?: (_xks_admin_v1_PolicyTemplate)[];
}

export interface ListPolicyTemplatesResponse__Output {
  'skip': (number);
  'limit': (number);
  'total': (number);
  'resources': (_xks_admin_v1_PolicyTemplate__Output)[];
}
