import type Database from "better-sqlite3";
import type { Sealer } from "../keys/sealer.js";
import type { KeyTier } from "../keys/records.js";
import { isUniqueViolation, notFound, StoreError } from "./errors.js";
import { listPage, type ListParams, type Page } from "./list.js";
import { bool, int, newId, nowIso, sourceKeyContext } from "./rows.js";

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

const SELECT = `sk.id, sk.name, sk.tier, sk.partition, sk.label, sk.cka_id, sk.key_spec, sk.encrypt, sk.decrypt, sk.enabled,
  sk.origin, sk.created_at, sk.updated_at,
  (SELECT group_concat(DISTINCT v.virtual_key_id) FROM virtual_key_versions v WHERE v.source_key_id = sk.id) AS virtual_key_ids`;

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
  constructor(private readonly db: Database.Database) {}

  create(k: NewSourceKey, sealer: Sealer): SourceKey {
    const id = k.id ?? newId();
    const material = k.material ? sealer.seal(k.material, sourceKeyContext(id)) : null;
    const now = nowIso();
    try {
      this.db
        .prepare(
          `INSERT INTO source_keys (id, name, tier, partition, label, cka_id, key_spec, encrypt, decrypt, origin, material, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, k.name, k.tier, k.partition, k.label, k.ckaId, k.keySpec, int(k.encrypt), int(k.decrypt), k.origin, material, now, now);
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new StoreError("ALREADY_EXISTS", `key "${k.label}" in partition ${k.partition} is already registered as a source key`, "label");
      }
      throw e;
    }
    return this.get(id);
  }

  find(id: string): SourceKey | undefined {
    const r = this.db.prepare(`SELECT ${SELECT} FROM source_keys sk WHERE sk.id = ?`).get(id) as Row | undefined;
    return r && toSourceKey(r);
  }

  get(id: string): SourceKey {
    const k = this.find(id);
    if (!k) throw notFound("source key", id);
    return k;
  }

  setEnabled(id: string, enabled: boolean): SourceKey {
    this.get(id);
    this.db.prepare(`UPDATE source_keys SET enabled = ?, updated_at = ? WHERE id = ?`).run(int(enabled), nowIso(), id);
    return this.get(id);
  }

  /** Registered keys of one token, for merging with what the token itself lists. */
  inPartition(partition: string): SourceKey[] {
    return (this.db.prepare(`SELECT ${SELECT} FROM source_keys sk WHERE sk.partition = ?`).all(partition) as Row[]).map(toSourceKey);
  }

  list(f: SourceKeyFilter, p: ListParams): Page<SourceKey> {
    return listPage<Row, SourceKey>(
      this.db,
      {
        from: "source_keys sk",
        select: SELECT,
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
  allUnsealed(sealer: Sealer): UnsealedSourceKey[] {
    const rows = this.db.prepare(`SELECT ${SELECT}, sk.material FROM source_keys sk ORDER BY sk.created_at, sk.id`).all() as MaterialRow[];
    return rows.map((r) => unsealed(r, sealer));
  }

  /** One source key with its material unsealed (undefined: it no longer exists), for a view delta. */
  findUnsealed(id: string, sealer: Sealer): UnsealedSourceKey | undefined {
    const r = this.db.prepare(`SELECT ${SELECT}, sk.material FROM source_keys sk WHERE sk.id = ?`).get(id) as MaterialRow | undefined;
    return r && unsealed(r, sealer);
  }
}

type MaterialRow = Row & { material: Buffer | null };
export type UnsealedSourceKey = SourceKey & { material: Buffer | null };

const unsealed = (r: MaterialRow, sealer: Sealer): UnsealedSourceKey => ({
  ...toSourceKey(r),
  material: r.material ? sealer.open(r.material, sourceKeyContext(r.id)) : null,
});
