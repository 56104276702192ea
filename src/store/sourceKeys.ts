import type { Sealer } from "../keys/sealer.js";
import type { KeyTier } from "../keys/records.js";
import { isUniqueViolation, notFound, StoreError } from "./errors.js";
import { listPage, type ListParams, type Page } from "./list.js";
import { bool, int, newId, nowIso, sourceKeyContext } from "./rows.js";
import type { Dialect, SqlEngine } from "./sql/executor.js";

export interface SourceKey {
  id: string;
  name: string;
  tier: KeyTier;
  partition: string | null;
  label: string | null;
  ckaId: string;
  keySpec: string;
  encrypt: boolean;
  decrypt: boolean;
  enabled: boolean;
  origin: "generated" | "registered";
  /** ids of the virtual keys with a version backed by this key */
  virtualKeyIds: string[];
  createdAt: string;
  updatedAt: string;
}

export type NewSourceKey = Omit<SourceKey, "id" | "enabled" | "virtualKeyIds" | "createdAt" | "updatedAt"> & {
  id?: string;
  /** plain 32-byte key for the local tier; sealed here, never stored in the clear */
  material: Buffer | null;
};

export interface SourceKeyFilter {
  id?: string;
  tier?: string;
  partition?: string;
  label?: string;
  name?: string;
}

interface Row {
  id: string;
  name: string;
  tier: KeyTier;
  partition: string | null;
  label: string | null;
  cka_id: string;
  key_spec: string;
  encrypt: number;
  decrypt: number;
  enabled: number;
  origin: "generated" | "registered";
  created_at: string;
  updated_at: string;
  virtual_key_ids: string | null;
}

const selectFor = (dialect: Dialect): string => {
  // the distinct-list aggregate is group_concat on SQLite, string_agg on PostgreSQL
  const ids = dialect === "sqlite" ? "group_concat(DISTINCT v.virtual_key_id)" : "string_agg(DISTINCT v.virtual_key_id, ',')";
  return `sk.id, sk.name, sk.tier, sk.partition, sk.label, sk.cka_id, sk.key_spec, sk.encrypt, sk.decrypt, sk.enabled,
  sk.origin, sk.created_at, sk.updated_at,
  (SELECT ${ids} FROM virtual_key_versions v WHERE v.source_key_id = sk.id) AS virtual_key_ids`;
};

const toSourceKey = (r: Row): SourceKey => ({
  id: r.id,
  name: r.name,
  tier: r.tier,
  partition: r.partition,
  label: r.label,
  ckaId: r.cka_id,
  keySpec: r.key_spec,
  encrypt: bool(r.encrypt),
  decrypt: bool(r.decrypt),
  enabled: bool(r.enabled),
  origin: r.origin,
  virtualKeyIds: r.virtual_key_ids ? r.virtual_key_ids.split(",").sort() : [],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class SourceKeyRepo {
  private readonly select: string;

  constructor(private readonly sql: SqlEngine) {
    this.select = selectFor(sql.dialect);
  }

  create(k: NewSourceKey, sealer: Sealer): Promise<SourceKey> {
    return this.sql.transaction(async () => {
      const id = k.id ?? newId();
      const material = k.material ? sealer.seal(k.material, sourceKeyContext(id)) : null;
      const now = nowIso();
      try {
        await this.sql.run(
          `INSERT INTO source_keys (id, name, tier, partition, label, cka_id, key_spec, encrypt, decrypt, origin, material, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [id, k.name, k.tier, k.partition, k.label, k.ckaId, k.keySpec, int(k.encrypt), int(k.decrypt), k.origin, material, now, now],
        );
      } catch (e) {
        if (isUniqueViolation(e)) {
          throw new StoreError("ALREADY_EXISTS", `key "${k.label}" in partition ${k.partition} is already registered as a source key`, "label");
        }
        throw e;
      }
      return this.get(id);
    });
  }

  async find(id: string): Promise<SourceKey | undefined> {
    const r = await this.sql.get<Row>(`SELECT ${this.select} FROM source_keys sk WHERE sk.id = ?`, [id]);
    return r && toSourceKey(r);
  }

  async get(id: string): Promise<SourceKey> {
    const k = await this.find(id);
    if (!k) throw notFound("source key", id);
    return k;
  }

  setEnabled(id: string, enabled: boolean): Promise<SourceKey> {
    return this.sql.transaction(async () => {
      await this.get(id);
      await this.sql.run(`UPDATE source_keys SET enabled = ?, updated_at = ? WHERE id = ?`, [int(enabled), nowIso(), id]);
      return this.get(id);
    });
  }

  /** Registered keys of one token, for merging with what the token itself lists. */
  async inPartition(partition: string): Promise<SourceKey[]> {
    return (await this.sql.all<Row>(`SELECT ${this.select} FROM source_keys sk WHERE sk.partition = ?`, [partition])).map(toSourceKey);
  }

  async list(f: SourceKeyFilter, p: ListParams): Promise<Page<SourceKey>> {
    return listPage<Row, SourceKey>(
      this.sql,
      {
        from: "source_keys sk",
        select: this.select,
        sortable: {
          id: "sk.id",
          name: "sk.name",
          label: "sk.label",
          source_key_tier: "sk.tier",
          partition_label: "sk.partition",
          createdAt: "sk.created_at",
          updatedAt: "sk.updated_at",
        },
        filters: [
          ["sk.id = ?", f.id],
          ["sk.tier = ?", f.tier],
          ["sk.partition = ?", f.partition],
          ["sk.label = ?", f.label],
          ["sk.name = ?", f.name],
        ],
        tieBreaker: "sk.id",
        defaultSort: "createdAt",
      },
      p,
      toSourceKey,
    );
  }

  /** Every source key with local material unsealed, for the run-time key view only. */
  async allUnsealed(sealer: Sealer): Promise<UnsealedSourceKey[]> {
    const rows = await this.sql.all<MaterialRow>(`SELECT ${this.select}, sk.material FROM source_keys sk ORDER BY sk.created_at, sk.id`);
    return rows.map((r) => unsealed(r, sealer));
  }

  /** One source key with its material unsealed (undefined: it no longer exists), for a view delta. */
  async findUnsealed(id: string, sealer: Sealer): Promise<UnsealedSourceKey | undefined> {
    const r = await this.sql.get<MaterialRow>(`SELECT ${this.select}, sk.material FROM source_keys sk WHERE sk.id = ?`, [id]);
    return r && unsealed(r, sealer);
  }
}

type MaterialRow = Row & { material: Buffer | null };
export type UnsealedSourceKey = SourceKey & { material: Buffer | null };

const unsealed = (r: MaterialRow, sealer: Sealer): UnsealedSourceKey => ({
  ...toSourceKey(r),
  material: r.material ? sealer.open(r.material, sourceKeyContext(r.id)) : null,
});
