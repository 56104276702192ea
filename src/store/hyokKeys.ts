import { notFound, StoreError } from "./errors.js";
import type { KeyStoreRepo } from "./keyStores.js";
import { listPage, type ListParams, type Page } from "./list.js";
import { bool, int, newId, nowIso } from "./rows.js";
import type { VirtualKeyRepo } from "./virtualKeys.js";
import type { SqlEngine } from "./sql/executor.js";

/** JSON-valued AWS fields are kept opaque here: the AWS link (a later issue) gives them meaning. */
export type JsonObject = { [k: string]: unknown };

export interface HyokKey {
  /** the externalKeyId AWS KMS sends (XksKeyConfiguration.Id) */
  id: string;
  keyStoreId: string;
  virtualKeyId: string;
  blocked: boolean;
  linkedState: boolean;
  /** from the key store: the AWS account container and region the key lives in */
  kms: string;
  region: string;
  awsParam: JsonObject;
  policy: JsonObject;
  createdAt: string;
  updatedAt: string;
}

export interface NewHyokKey {
  keyStoreId: string;
  virtualKeyId: string;
  blocked: boolean;
  awsParam: JsonObject;
  policy: JsonObject;
}

export interface HyokKeyFilter {
  id?: string;
  keyStoreId?: string;
  virtualKeyId?: string;
  blocked?: boolean;
  linkedState?: boolean;
  kms?: string;
  region?: string;
}

interface Row {
  id: string;
  key_store_id: string;
  virtual_key_id: string;
  blocked: number;
  linked_state: number;
  kms: string;
  region: string;
  aws_param: string;
  policy: string;
  created_at: string;
  updated_at: string;
}

const FROM = "hyok_keys h JOIN key_stores ks ON ks.id = h.key_store_id";
const SELECT = "h.id, h.key_store_id, h.virtual_key_id, h.blocked, h.linked_state, ks.kms, ks.region, h.aws_param, h.policy, h.created_at, h.updated_at";

const toHyokKey = (r: Row): HyokKey => ({
  id: r.id,
  keyStoreId: r.key_store_id,
  virtualKeyId: r.virtual_key_id,
  blocked: bool(r.blocked),
  linkedState: bool(r.linked_state),
  kms: r.kms,
  region: r.region,
  awsParam: JSON.parse(r.aws_param) as JsonObject,
  policy: JSON.parse(r.policy) as JsonObject,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class HyokKeyRepo {
  constructor(
    private readonly sql: SqlEngine,
    private readonly keyStores: KeyStoreRepo,
    private readonly virtualKeys: VirtualKeyRepo,
  ) {}

  async find(id: string): Promise<HyokKey | undefined> {
    const r = await this.sql.get<Row>(`SELECT ${SELECT} FROM ${FROM} WHERE h.id = ?`, [id]);
    return r && toHyokKey(r);
  }

  async get(id: string): Promise<HyokKey> {
    const k = await this.find(id);
    if (!k) throw notFound("HYOK key", id);
    return k;
  }

  /** The virtual key's source must be the store's: same tier and, for luna-hsm, the same partition. */
  create(k: NewHyokKey): Promise<HyokKey> {
    return this.sql.transaction(async () => {
      const ks = await this.keyStores.get(k.keyStoreId);
      const vk = await this.virtualKeys.get(k.virtualKeyId);
      if (vk.tier !== ks.sourceKeyTier || vk.partition !== ks.partition) {
        throw new StoreError(
          "FAILED_PRECONDITION",
          `virtual key ${vk.id} uses a ${vk.tier} key${vk.partition ? ` in partition ${vk.partition}` : ""}, but key store ${ks.id} serves ${ks.sourceKeyTier}${ks.partition ? ` partition ${ks.partition}` : ""} keys`,
          "local_hosted_params.source_key_id",
        );
      }
      const id = newId();
      const now = nowIso();
      await this.sql.run(
        `INSERT INTO hyok_keys (id, key_store_id, virtual_key_id, blocked, linked_state, aws_param, policy, created_at, updated_at)
         VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)`,
        [id, k.keyStoreId, k.virtualKeyId, int(k.blocked), JSON.stringify(k.awsParam), JSON.stringify(k.policy), now, now],
      );
      return this.get(id);
    });
  }

  setBlocked(id: string, blocked: boolean): Promise<HyokKey> {
    return this.sql.transaction(async () => {
      await this.get(id);
      await this.sql.run(`UPDATE hyok_keys SET blocked = ?, updated_at = ? WHERE id = ?`, [int(blocked), nowIso(), id]);
      return this.get(id);
    });
  }

  /**
   * Records the AWS KMS key the HYOK key is linked with: its whole aws_param (the seed keeps Arn,
   * KeyID, ... there, with the parameters the key was linked with) and policy parameters.
   */
  setLinked(id: string, awsParam: JsonObject, policy: JsonObject): Promise<HyokKey> {
    return this.sql.transaction(async () => {
      const cur = await this.get(id);
      if (cur.linkedState) throw new StoreError("ALREADY_EXISTS", `HYOK key ${id} is already linked with AWS KMS key ${String(cur.awsParam["Arn"] ?? "")}`);
      await this.sql.run(`UPDATE hyok_keys SET linked_state = 1, aws_param = ?, policy = ?, updated_at = ? WHERE id = ?`, [JSON.stringify(awsParam), JSON.stringify(policy), nowIso(), id]);
      return this.get(id);
    });
  }

  /**
   * Records what a synchronization found in AWS KMS: aws fields merged into aws_param (a value of
   * null removes the field) and whether the AWS key still exists (a key AWS deleted unlinks).
   */
  setAwsState(id: string, linked: boolean, aws: Record<string, JsonObject[string] | null>): Promise<HyokKey> {
    return this.sql.transaction(async () => {
      const cur = await this.get(id);
      const next: JsonObject = { ...cur.awsParam };
      for (const [k, v] of Object.entries(aws)) {
        if (v === null) delete next[k];
        else next[k] = v;
      }
      await this.sql.run(`UPDATE hyok_keys SET linked_state = ?, aws_param = ?, updated_at = ? WHERE id = ?`, [int(linked), JSON.stringify(next), nowIso(), id]);
      return this.get(id);
    });
  }

  /** Records AWS-side facts (alias, scheduled deletion) of a linked key in its aws_param. */
  mergeAwsParam(id: string, aws: JsonObject): Promise<HyokKey> {
    return this.sql.transaction(async () => {
      const cur = await this.get(id);
      if (!cur.linkedState) throw new StoreError("FAILED_PRECONDITION", `HYOK key ${id} is not linked with AWS KMS`);
      await this.sql.run(`UPDATE hyok_keys SET aws_param = ?, updated_at = ? WHERE id = ?`, [JSON.stringify({ ...cur.awsParam, ...aws }), nowIso(), id]);
      return this.get(id);
    });
  }

  /**
   * Removes a linked key whose AWS KMS key AWS no longer has (the caller asked AWS, and checked that
   * it asked the right account and endpoint). The plain delete refuses linked keys.
   */
  deleteGoneFromAws(id: string): Promise<void> {
    return this.sql.transaction(async () => {
      const k = await this.get(id);
      if (!k.linkedState) throw new StoreError("FAILED_PRECONDITION", `HYOK key ${id} is not linked with AWS KMS`);
      await this.sql.run(`DELETE FROM hyok_keys WHERE id = ?`, [id]);
    });
  }

  /** Refused while linked: the AWS KMS key would lose its key material. */
  delete(id: string): Promise<void> {
    return this.sql.transaction(async () => {
      const k = await this.get(id);
      if (k.linkedState) {
        throw new StoreError("FAILED_PRECONDITION", `HYOK key ${id} is linked with AWS KMS key ${String(k.awsParam["Arn"] ?? "")}; data encrypted under that key needs it: delete it through the admin API, which schedules the AWS key's deletion first`);
      }
      await this.sql.run(`DELETE FROM hyok_keys WHERE id = ?`, [id]);
    });
  }

  async all(): Promise<HyokKey[]> {
    return (await this.sql.all<Row>(`SELECT ${SELECT} FROM ${FROM} ORDER BY h.created_at, h.id`)).map(toHyokKey);
  }

  async list(f: HyokKeyFilter, p: ListParams): Promise<Page<HyokKey>> {
    return listPage<Row, HyokKey>(
      this.sql,
      {
        from: FROM,
        select: SELECT,
        sortable: {
          id: "h.id",
          custom_key_store_id: "h.key_store_id",
          virtual_key_id: "h.virtual_key_id",
          blocked: "h.blocked",
          linked_state: "h.linked_state",
          kms: "ks.kms",
          region: "ks.region",
          createdAt: "h.created_at",
          updatedAt: "h.updated_at",
        },
        filters: [
          ["h.id = ?", f.id],
          ["h.key_store_id = ?", f.keyStoreId],
          ["h.virtual_key_id = ?", f.virtualKeyId],
          ["h.blocked = ?", f.blocked],
          ["h.linked_state = ?", f.linkedState],
          ["ks.kms = ?", f.kms],
          ["ks.region = ?", f.region],
        ],
        tieBreaker: "h.id",
        defaultSort: "createdAt",
      },
      p,
      toHyokKey,
    );
  }
}
