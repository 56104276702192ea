// Original file: proto/xks_admin.proto

import type { Tag as _xks_admin_v1_Tag, Tag__Output as _xks_admin_v1_Tag__Output } from '../../../xks/admin/v1/Tag.js';
import type { XksKeyConfiguration as _xks_admin_v1_XksKeyConfiguration, XksKeyConfiguration__Output as _xks_admin_v1_XksKeyConfiguration__Output } from '../../../xks/admin/v1/XksKeyConfiguration.js';

export interface HyokAwsParam {
  /**
   * alias for the AWS KMS key
   */
  'Alias'?: (string);
  /**
   * description of the AWS KMS key
   */
  'Description'?: (string);
  /**
   * tags for the AWS KMS key, e.g. [{"TagKey":"team","TagValue":"blue"}]
   */
  'Tags'?: (_xks_admin_v1_Tag)[];
  /**
   * key policy as a JSON document; mutually exclusive with every other policy parameter
   */
  'Policy'?: (string);
  /**
   * passed to AWS KMS CreateKey
   */
  'BypassPolicyLockoutSafetyCheck'?: (boolean);
  'XksKeyConfiguration'?: (_xks_admin_v1_XksKeyConfiguration | null);
  /**
   * the AWS KMS key's ARN once linked (answers)
   */
  'Arn'?: (string);
  /**
   * the AWS KMS key id once linked (answers)
   */
  'KeyID'?: (string);
  /**
   * the AWS KMS key state when it was linked, or as the last sync read it (answers)
   */
  'KeyState'?: (string);
  /**
   * the AWS account of the AWS KMS key (answers)
   */
  'AWSAccountId'?: (string);
  /**
   * synchronization jobs (issue 12 item 5): whether AWS has the key enabled, as the last sync read
   * it (answers)
   */
  'Enabled'?: (boolean);
  /**
   * when AWS deletes the AWS KMS key, ISO 8601, once its deletion is scheduled or as the last sync
   * read it; "" otherwise (answers)
   */
  'DeletionDate'?: (string);
  /**
   * issue 12 item 4 (key policies, aliases, deletion): the alias's ARN once AWS created it (answers)
   */
  'AliasArn'?: (string);
  /**
   * the waiting period the deletion was scheduled with (answers)
   */
  'PendingWindowInDays'?: (number);
}

export interface HyokAwsParam__Output {
  /**
   * alias for the AWS KMS key
   */
  'Alias': (string);
  /**
   * description of the AWS KMS key
   */
  'Description': (string);
  /**
   * tags for the AWS KMS key, e.g. [{"TagKey":"team","TagValue":"blue"}]
   */
  'Tags': (_xks_admin_v1_Tag__Output)[];
  /**
   * key policy as a JSON document; mutually exclusive with every other policy parameter
   */
  'Policy': (string);
  /**
   * passed to AWS KMS CreateKey
   */
  'BypassPolicyLockoutSafetyCheck': (boolean);
  'XksKeyConfiguration': (_xks_admin_v1_XksKeyConfiguration__Output | null);
  /**
   * the AWS KMS key's ARN once linked (answers)
   */
  'Arn': (string);
  /**
   * the AWS KMS key id once linked (answers)
   */
  'KeyID': (string);
  /**
   * the AWS KMS key state when it was linked, or as the last sync read it (answers)
   */
  'KeyState': (string);
  /**
   * the AWS account of the AWS KMS key (answers)
   */
  'AWSAccountId': (string);
  /**
   * synchronization jobs (issue 12 item 5): whether AWS has the key enabled, as the last sync read
   * it (answers)
   */
  'Enabled': (boolean);
  /**
   * when AWS deletes the AWS KMS key, ISO 8601, once its deletion is scheduled or as the last sync
   * read it; "" otherwise (answers)
   */
  'DeletionDate': (string);
  /**
   * issue 12 item 4 (key policies, aliases, deletion): the alias's ARN once AWS created it (answers)
   */
  'AliasArn': (string);
  /**
   * the waiting period the deletion was scheduled with (answers)
   */
  'PendingWindowInDays': (number);
}
