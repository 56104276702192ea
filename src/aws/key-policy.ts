/**
 * AWS KMS key policies from the seed's policy parameters: key_admins, key_admins_roles, key_users,
 * key_users_roles and external_accounts become the statements AWS's console (and CCKM) write for a
 * customer managed key; a raw policy document is checked against AWS's own limits.
 */

export const PRINCIPAL_FIELDS = ["key_admins", "key_admins_roles", "key_users", "key_users_roles", "external_accounts"] as const;
export type PrincipalField = (typeof PRINCIPAL_FIELDS)[number];
export type PrincipalLists = Record<PrincipalField, string[]>;

/** AWS's limit on a key policy document (CreateKey, PutKeyPolicy). */
export const POLICY_MAX_BYTES = 32_768;
const LIST_MAX = 100;

/** A policy input AWS would refuse or that would name a principal nobody meant. */
export class PolicyInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** IAM user and role names (1..64 of [\w+=,.@-]), optionally after an IAM path ("aws-service-role/support.amazonaws.com/Name"). */
const IAM_NAME = /^(?:[\w+=,.@-]+\/){0,16}[\w+=,.@-]{1,64}$/;
const IAM_ARN = /^arn:aws(?:-cn|-us-gov|-iso|-iso-b)?:iam::(\d{12}):(user|role)\/(?:[\w+=,.@-]+\/){0,16}[\w+=,.@-]{1,64}$/;
const ACCOUNT = /^\d{12}$/;

export const ADMIN_ACTIONS = [
  "kms:Create*",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:Delete*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
];
export const USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];
export const GRANT_ACTIONS = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"];

/** The ARN partition of a region: cn-north-1 → aws-cn, us-gov-west-1 → aws-us-gov. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  if (region.startsWith("us-iso-")) return "aws-iso";
  return "aws";
}

export function emptyLists(): PrincipalLists {
  return { key_admins: [], key_admins_roles: [], key_users: [], key_users_roles: [], external_accounts: [] };
}

/** The lists that have entries. */
export function givenLists(l: Partial<PrincipalLists>): PrincipalField[] {
  return PRINCIPAL_FIELDS.filter((f) => (l[f]?.length ?? 0) > 0);
}

/**
 * Checks every entry: users and roles are IAM names (with an optional path) or full IAM ARNs of
 * the right kind; external accounts are 12-digit account ids. No duplicates, at most 100 a list.
 */
export function checkPrincipals(l: Partial<PrincipalLists>): void {
  for (const field of PRINCIPAL_FIELDS) {
    const list = l[field] ?? [];
    if (list.length > LIST_MAX) throw new PolicyInputError(field, `at most ${LIST_MAX} entries (got ${list.length})`);
    const seen = new Set<string>();
    for (const e of list) {
      if (seen.has(e)) throw new PolicyInputError(field, `"${shown(e)}" is given twice`);
      seen.add(e);
      if (field === "external_accounts") {
        if (!ACCOUNT.test(e)) throw new PolicyInputError(field, `entries must be 12-digit AWS account ids; got "${shown(e)}"`);
        continue;
      }
      const kind = field.endsWith("_roles") ? "role" : "user";
      const arn = IAM_ARN.exec(e);
      if (arn) {
        if (arn[2] !== kind) throw new PolicyInputError(field, `"${shown(e)}" is an IAM ${arn[2]}, but ${field} names IAM ${kind}s`);
        continue;
      }
      if (e.startsWith("arn:")) throw new PolicyInputError(field, `"${shown(e)}" is not an IAM ${kind} ARN (arn:aws:iam::<account>:${kind}/<name>)`);
      if (!IAM_NAME.test(e)) throw new PolicyInputError(field, `"${shown(e)}" is not an IAM ${kind} name (letters, digits and +=,.@_-, at most 64, optionally after a path)`);
    }
  }
}

function shown(s: string): string {
  const p = s.replace(/[^\x20-\x7e]/g, "?");
  return p.length > 80 ? `${p.slice(0, 77)}...` : p;
}

/** A name becomes the ARN of the user or role in the key's account; a full ARN is kept. */
function principalArn(entry: string, kind: "user" | "role", partition: string, accountId: string): string {
  return entry.startsWith("arn:") ? entry : `arn:${partition}:iam::${accountId}:${kind}/${entry}`;
}

export interface KeyPolicyStatement {
  Sid: string;
  Effect: "Allow";
  Principal: { AWS: string | string[] };
  Action: string | string[];
  Resource: "*";
  Condition?: { Bool: { "kms:GrantIsForAWSResource": "true" } };
}

export interface KeyPolicy {
  Version: "2012-10-17";
  Id: string;
  Statement: KeyPolicyStatement[];
}

/** AWS's default key policy: the account's IAM policies decide (what AWS attaches when CreateKey has no Policy). */
export function defaultKeyPolicy(accountId: string, region: string): KeyPolicy {
  return { Version: "2012-10-17", Id: "key-default-1", Statement: [rootStatement(accountId, partitionOf(region))] };
}

function rootStatement(accountId: string, partition: string): KeyPolicyStatement {
  return { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" };
}

/**
 * The key policy AWS's console writes for the given administrators, users and external accounts:
 * the account root statement, then the administrators' statement, then use of the key and grants
 * for AWS services for the users and the external accounts' roots. Empty groups get no statement.
 * Entries must have passed checkPrincipals.
 */
export function composeKeyPolicy(accountId: string, region: string, l: PrincipalLists): KeyPolicy {
  const partition = partitionOf(region);
  const admins = [...l.key_admins.map((e) => principalArn(e, "user", partition, accountId)), ...l.key_admins_roles.map((e) => principalArn(e, "role", partition, accountId))];
  const users = [
    ...l.key_users.map((e) => principalArn(e, "user", partition, accountId)),
    ...l.key_users_roles.map((e) => principalArn(e, "role", partition, accountId)),
    ...l.external_accounts.map((a) => `arn:${partition}:iam::${a}:root`),
  ];
  const statements: KeyPolicyStatement[] = [rootStatement(accountId, partition)];
  if (admins.length) statements.push({ Sid: "Allow access for Key Administrators", Effect: "Allow", Principal: { AWS: admins }, Action: ADMIN_ACTIONS, Resource: "*" });
  if (users.length) {
    statements.push({ Sid: "Allow use of the key", Effect: "Allow", Principal: { AWS: users }, Action: USE_ACTIONS, Resource: "*" });
    statements.push({
      Sid: "Allow attachment of persistent resources",
      Effect: "Allow",
      Principal: { AWS: users },
      Action: GRANT_ACTIONS,
      Resource: "*",
      Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
    });
  }
  return { Version: "2012-10-17", Id: "key-consolepolicy-3", Statement: statements };
}

/**
 * A key policy document given as text: a JSON object with a Statement, at most 32 KB as AWS allows
 * (AWS checks the grammar itself and answers MalformedPolicyDocumentException).
 */
export function parsePolicyDocument(text: string, field: string): Record<string, unknown> {
  if (Buffer.byteLength(text, "utf8") > POLICY_MAX_BYTES) throw new PolicyInputError(field, `must be at most ${POLICY_MAX_BYTES} bytes, AWS's limit on a key policy`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new PolicyInputError(field, "must be a JSON key policy document");
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new PolicyInputError(field, "must be a JSON object (a key policy document)");
  if (!("Statement" in doc)) throw new PolicyInputError(field, "is a JSON object without a Statement; a key policy needs one");
  return doc as Record<string, unknown>;
}
