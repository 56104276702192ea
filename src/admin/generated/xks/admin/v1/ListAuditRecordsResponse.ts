// Original file: proto/xks_admin.proto

import type { AuditRecord as _xks_admin_v1_AuditRecord, AuditRecord__Output as _xks_admin_v1_AuditRecord__Output } from '../../../xks/admin/v1/AuditRecord.js';

export interface ListAuditRecordsResponse {
  'skip'?: (number);
  'limit'?: (number);
  'total'?: (number);
  'resources'?: (_xks_admin_v1_AuditRecord)[];
}

export interface ListAuditRecordsResponse__Output {
  'skip': (number);
  'limit': (number);
  'total': (number);
  'resources': (_xks_admin_v1_AuditRecord__Output)[];
}
