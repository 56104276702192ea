import type { KeyTier } from "../keys/records.js";
import { notFound, StoreError } from "./errors.js";
import { listPage, type ListParams, type Page } from "./list.js";
import { bool, int, newId, nowIso } from "./rows.js";
import type { SourceKeyRepo } from "./sourceKeys.js";
import type { SqlEngine } from "./sql/executor.js";

/** A virtual key as seen through its latest version. */
export interface VirtualKey {
  id: string;
  deletable: boolean;
  /** latest version number (versions start at 1) */
  version: number;
  /** source key of the latest version */
  sourceKeyId: string;
  tier: KeyTier;
  partition: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface VirtualKeyVersion {
  id: string;
  virtualKeyId: string;
  version: number;
  sourceKeyId: string;
  partition: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface VirtualKeyFilter {
  id?: string;
  /** matches a key if any of its versions uses this source key */
  sourceKeyId?: string;
  /** partition (token label) of the latest version's source key */
  partition?: string;
}

interface Row {
  id: string;
  deletable: number;
  version: number;
  source_key_id: string;
  tier: KeyTier;
  partition: string | null;
  created_at: string;
  updated_at: string;
}

interface VersionRow {
  id: string;
  virtual_key_id: string;
  version: number;
  source_key_id: string;
  partition: string | null;
  created_at: string;
  updated_at: string;
}

const FROM = `virtual_keys vk
  JOIN virtual_key_versions v ON v.virtual_key_id = vk.id
   AND v.version = (SELECT MAX(version) FROM virtual_key_versions WHERE virtual_key_id = vk.id)
  JOIN source_keys sk ON sk.id = v.source_key_id`;
const SELECT = "vk.id, vk.deletable, v.version, v.source_key_id, sk.tier, sk.partition, vk.created_at, vk.updated_at";

const toVirtualKey = (r: Row): VirtualKey => ({
  id: r.id,
  deletable: bool(r.deletable),
  version: r.version,
  sourceKeyId: r.source_key_id,
  tier: r.tier,
  partition: r.partition,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toVersion = (r: VersionRow): VirtualKeyVersion => ({
  id: r.id,
  virtualKeyId: r.virtual_key_id,
  version: r.version,
  sourceKeyId: r.source_key_id,
  partition: r.partition,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class VirtualKeyRepo {
  constructor(
    private readonly sql: SqlEngine,
    private readonly sourceKeys: SourceKeyRepo,
  ) {}

  async find(id: string): Promise<VirtualKey | undefined> {
    const r = await this.sql.get<Row>(`SELECT ${SELECT} FROM ${FROM} WHERE vk.id = ?`, [id]);
    return r && toVirtualKey(r);
  }

  async get(id: string): Promise<VirtualKey> {
    const k = await this.find(id);
    if (!k) throw notFound("virtual key", id);
    return k;
  }

  create(sourceKeyId: string): Promise<VirtualKey> {
    return this.sql.transaction(async () => {
      await this.sourceKeys.get(sourceKeyId);
      const id = newId();
      const now = nowIso();
      await this.sql.run(`INSERT INTO virtual_keys (id, deletable, created_at, updated_at) VALUES (?, 0, ?, ?)`, [id, now, now]);
      await this.addVersion(id, 1, sourceKeyId, now);
      return this.get(id);
    });
  }

  /**
   * Adds version N+1 backed by `sourceKeyId`. The new key must live where the old one does
   * (same tier and partition): HYOK keys of a store may only use that store's key source.
   */
  rotate(id: string, sourceKeyId: string): Promise<VirtualKey> {
    return this.sql.transaction(async () => {
      const cur = await this.get(id);
      const sk = await this.sourceKeys.get(sourceKeyId);
      if (sk.tier !== cur.tier || sk.partition !== cur.partition) {
        throw new StoreError(
          "FAILED_PRECONDITION",
          `source key ${sourceKeyId} is ${sk.tier}${sk.partition ? ` in partition ${sk.partition}` : ""}, but virtual key ${id} uses ${cur.tier}${cur.partition ? ` in partition ${cur.partition}` : ""}; rotate to a key of the same source`,
          "source_key_id",
        );
      }
      // A new version must allow every usage the current one does: ciphertexts made under the new
      // version would otherwise stop decrypting (or AWS's encrypts start failing) the moment it lands.
      const curSk = await this.sourceKeys.get(cur.sourceKeyId);
      const lost = [curSk.encrypt && !sk.encrypt ? "encrypt" : "", curSk.decrypt && !sk.decrypt ? "decrypt" : ""].filter(Boolean);
      if (lost.length) {
        throw new StoreError(
          "FAILED_PRECONDITION",
          `source key ${sourceKeyId} does not allow ${lost.join(" and ")}, which virtual key ${id}'s current source key ${cur.sourceKeyId} allows; rotate to a key with at least the same usage`,
          "source_key_id",
        );
      }
      const now = nowIso();
      await this.addVersion(id, cur.version + 1, sourceKeyId, now);
      await this.sql.run(`UPDATE virtual_keys SET updated_at = ? WHERE id = ?`, [now, id]);
      return this.get(id);
    });
  }

  private async addVersion(id: string, version: number, sourceKeyId: string, now: string): Promise<void> {
    await this.sql.run(
      `INSERT INTO virtual_key_versions (id, virtual_key_id, version, source_key_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
      [newId(), id, version, sourceKeyId, now, now],
    );
  }

  setDeletable(id: string, deletable: boolean): Promise<VirtualKey> {
    return this.sql.transaction(async () => {
      await this.get(id);
      await this.sql.run(`UPDATE virtual_keys SET deletable = ?, updated_at = ? WHERE id = ?`, [int(deletable), nowIso(), id]);
      return this.get(id);
    });
  }

  /** Only when marked deletable and no HYOK key uses it: AWS data would become undecryptable. */
  delete(id: string): Promise<void> {
    return this.sql.transaction(async () => {
      const k = await this.get(id);
      if (!k.deletable) {
        throw new StoreError("FAILED_PRECONDITION", `virtual key ${id} is not deletable; update it with deletable=true first`);
      }
      const n = (await this.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM hyok_keys WHERE virtual_key_id = ?`, [id]))!.n;
      if (n > 0) throw new StoreError("FAILED_PRECONDITION", `virtual key ${id} is used by ${n} HYOK key(s); delete them first`);
      await this.sql.run(`DELETE FROM virtual_keys WHERE id = ?`, [id]);
    });
  }

  async list(f: VirtualKeyFilter, p: ListParams): Promise<Page<VirtualKey>> {
    return listPage<Row, VirtualKey>(
      this.sql,
      {
        from: FROM,
        select: SELECT,
        sortable: {
          id: "vk.id",
          version: "v.version",
          source_key_id: "v.source_key_id",
          partition_label: "sk.partition",
          deletable: "vk.deletable",
          createdAt: "vk.created_at",
          updatedAt: "vk.updated_at",
        },
        filters: [
          ["vk.id = ?", f.id],
          ["EXISTS (SELECT 1 FROM virtual_key_versions x WHERE x.virtual_key_id = vk.id AND x.source_key_id = ?)", f.sourceKeyId],
          ["sk.partition = ?", f.partition],
        ],
        tieBreaker: "vk.id",
        defaultSort: "createdAt",
      },
      p,
      toVirtualKey,
    );
  }

  async listVersions(id: string, f: { sourceKeyId?: string; partition?: string }, p: ListParams): Promise<Page<VirtualKeyVersion>> {
    await this.get(id);
    return listPage<VersionRow, VirtualKeyVersion>(
      this.sql,
      {
        from: "virtual_key_versions v JOIN source_keys sk ON sk.id = v.source_key_id",
        select: "v.id, v.virtual_key_id, v.version, v.source_key_id, sk.partition, v.created_at, v.updated_at",
        sortable: { version: "v.version", source_key_id: "v.source_key_id", createdAt: "v.created_at", updatedAt: "v.updated_at" },
        filters: [
          ["v.virtual_key_id = ?", id],
          ["v.source_key_id = ?", f.sourceKeyId],
          ["sk.partition = ?", f.partition],
        ],
        tieBreaker: "v.version",
        defaultSort: "version",
      },
      p,
      toVersion,
    );
  }

  /** One virtual key's versions ascending (empty: the key no longer exists), for a view delta. */
  async versionsOf(id: string): Promise<{ version: number; sourceKeyId: string }[]> {
    const rows = await this.sql.all<{ version: number; source_key_id: string }>(
      `SELECT version, source_key_id FROM virtual_key_versions WHERE virtual_key_id = ? ORDER BY version`,
      [id],
    );
    return rows.map((r) => ({ version: r.version, sourceKeyId: r.source_key_id }));
  }

  /** Every virtual key with all its versions ascending, for the run-time key view. */
  async allWithVersions(): Promise<{ id: string; versions: { version: number; sourceKeyId: string }[] }[]> {
    const rows = await this.sql.all<{ virtual_key_id: string; version: number; source_key_id: string }>(
      `SELECT virtual_key_id, version, source_key_id FROM virtual_key_versions ORDER BY virtual_key_id, version`,
    );
    const byKey = new Map<string, { version: number; sourceKeyId: string }[]>();
    for (const r of rows) {
      const list = byKey.get(r.virtual_key_id) ?? [];
      list.push({ version: r.version, sourceKeyId: r.source_key_id });
      byKey.set(r.virtual_key_id, list);
    }
    return [...byKey].map(([id, versions]) => ({ id, versions }));
  }
}
