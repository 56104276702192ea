/**
 * Aliases and key policies of the emulated AWS KMS (CreateAlias, ListAliases, DeleteAlias,
 * GetKeyPolicy, and the Policy member of CreateKey), with AWS's validation and error names.
 */
import { KmsError, invalid, missing } from "./errors.js";

type Input = Record<string, unknown>;
type Caller = { accountId: string; principalArn: string };

/** What these operations need of a KMS key. */
export interface PolicyKey {
  id: string;
  accountId: string;
  arn: string;
  state: string;
  policy: string;
  deletionDate?: number;
}

interface Alias {
  name: string;
  accountId: string;
  targetKeyId: string;
  created: number;
  updated: number;
}

const POLICY_MAX = 32_768;
const ALIAS_PATTERN = /^[a-zA-Z0-9:/_-]+$/;
const LIST_ALIASES_MAX = 100;

function str(input: Input, member: string): string | undefined {
  const v = input[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new KmsError("SerializationException", `${member} must be a string`);
  return v;
}

function required(input: Input, member: string): string {
  const v = str(input, member);
  if (v === undefined) throw missing(member);
  return v;
}

export class AliasPolicyOps {
  private aliases = new Map<string, Alias>();

  constructor(
    private readonly region: string,
    /** the KMS key a KeyId names (key id or key ARN), or NotFoundException */
    private readonly findKey: (input: Input, caller: Caller) => PolicyKey,
    private readonly keys: Map<string, PolicyKey>,
  ) {}

  /** AWS's default key policy: the account root may do everything, so IAM policies decide. */
  static defaultPolicy(accountId: string): string {
    return JSON.stringify({
      Version: "2012-10-17",
      Id: "key-default-1",
      Statement: [{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" }],
    });
  }

  /** CreateKey's Policy member: 1..32768 characters of JSON, else the default key policy. */
  createKeyPolicy(input: Input, caller: Caller): string {
    const p = str(input, "Policy");
    if (p === undefined) return AliasPolicyOps.defaultPolicy(caller.accountId);
    if (p.length < 1 || p.length > POLICY_MAX) throw invalid("policy", `Member must have length between 1 and ${POLICY_MAX}`);
    let doc: unknown;
    try {
      doc = JSON.parse(p);
    } catch {
      throw new KmsError("MalformedPolicyDocumentException", "The key policy is not valid JSON.");
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc) || !("Statement" in doc)) {
      throw new KmsError("MalformedPolicyDocumentException", "The key policy must be a JSON object with a Statement.");
    }
    return p;
  }

  getKeyPolicy(input: Input, caller: Caller): Input {
    const k = this.findKey(input, caller);
    const name = str(input, "PolicyName") ?? "default";
    if (name.length < 1 || name.length > 128 || !/^[\w]+$/.test(name)) throw invalid("policyName", "Member must satisfy regular expression pattern: [\\w]+");
    if (name !== "default") throw new KmsError("NotFoundException", `No such policy exists: ${name}. The only key policy name is "default".`);
    return { Policy: k.policy, PolicyName: "default" };
  }

  private aliasName(input: Input): string {
    const name = required(input, "AliasName");
    if (name.length < 1 || name.length > 256 || !ALIAS_PATTERN.test(name)) {
      throw invalid("aliasName", "Member must have length between 1 and 256 and satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
    }
    return name;
  }

  private aliasArn(accountId: string, name: string): string {
    return `arn:aws:kms:${this.region}:${accountId}:${name}`;
  }

  private keyOf = (accountId: string, name: string): string => `${accountId}\n${name}`;

  createAlias(input: Input, caller: Caller): Input {
    const name = this.aliasName(input);
    if (!name.startsWith("alias/") || name === "alias/") throw new KmsError("InvalidAliasNameException", `Alias must start with the prefix "alias/" and have a name: ${name}`);
    if (name.startsWith("alias/aws/")) throw new KmsError("InvalidAliasNameException", `Alias names that begin with "alias/aws/" are reserved for AWS managed keys: ${name}`);
    const targetRef = required(input, "TargetKeyId");
    if (targetRef.startsWith("alias/") || /:alias\//.test(targetRef)) throw invalid("targetKeyId", "Member must be a key ID or key ARN, not an alias");
    const k = this.findKey({ KeyId: targetRef }, caller);
    if (k.state === "PendingDeletion") throw new KmsError("KMSInvalidStateException", `${k.arn} is pending deletion.`);
    const id = this.keyOf(caller.accountId, name);
    if (this.aliases.has(id)) throw new KmsError("AlreadyExistsException", `An alias with the name ${this.aliasArn(caller.accountId, name)} already exists`);
    const now = Date.now();
    this.aliases.set(id, { name, accountId: caller.accountId, targetKeyId: k.id, created: now, updated: now });
    return {};
  }

  deleteAlias(input: Input, caller: Caller): Input {
    const name = this.aliasName(input);
    const id = this.keyOf(caller.accountId, name);
    if (!this.aliases.has(id)) throw new KmsError("NotFoundException", `Alias ${this.aliasArn(caller.accountId, name)} is not found.`);
    this.aliases.delete(id);
    return {};
  }

  /** ListAliases: the account's aliases in name order, or those of one key; Marker pagination (Limit 1..100). */
  listAliases(input: Input, caller: Caller): Input {
    const limit = input.Limit ?? LIST_ALIASES_MAX;
    if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > LIST_ALIASES_MAX) throw invalid("limit", `Member must have value between 1 and ${LIST_ALIASES_MAX}`);
    const keyRef = str(input, "KeyId");
    const keyId = keyRef === undefined ? undefined : this.findKey({ KeyId: keyRef }, caller).id;
    const all = [...this.aliases.values()].filter((a) => a.accountId === caller.accountId && (keyId === undefined || a.targetKeyId === keyId)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const marker = str(input, "Marker");
    let start = 0;
    if (marker !== undefined) {
      start = all.findIndex((a) => a.name === marker);
      if (start < 0) throw new KmsError("InvalidMarkerException", "The marker is not valid.");
    }
    const items = all.slice(start, start + limit);
    const next = all[start + limit]?.name;
    return {
      Aliases: items.map((a) => ({
        AliasName: a.name,
        AliasArn: this.aliasArn(a.accountId, a.name),
        TargetKeyId: a.targetKeyId,
        CreationDate: Math.floor(a.created / 1000),
        LastUpdatedDate: Math.floor(a.updated / 1000),
      })),
      Truncated: next !== undefined,
      ...(next ? { NextMarker: next } : {}),
    };
  }

  /** The key an alias name ("alias/x") or alias ARN names, for operations that take an alias as KeyId. */
  aliasTarget(ref: string, caller: Caller): string | undefined {
    const arn = /^arn:aws:kms:([^:]+):(\d{12}):(alias\/.+)$/.exec(ref);
    if (arn && (arn[1] !== this.region || arn[2] !== caller.accountId)) return undefined;
    const name = arn ? arn[3]! : ref;
    return this.aliases.get(this.keyOf(caller.accountId, name))?.targetKeyId;
  }

  /**
   * AWS deletes a key, and its aliases, once its deletion date has passed. The emulator has no
   * clock of its own for that: a test or trial says what time it is.
   */
  deleteDueKeys(now: number): string[] {
    const due = [...this.keys.values()].filter((k) => k.state === "PendingDeletion" && k.deletionDate !== undefined && k.deletionDate <= now).map((k) => k.id);
    for (const id of due) {
      this.keys.delete(id);
      for (const [aid, a] of this.aliases) if (a.targetKeyId === id) this.aliases.delete(aid);
    }
    return due;
  }
}
