import type { Sealer } from "../keys/sealer.js";
import { isUniqueViolation, notFound, StoreError } from "./errors.js";
import { AWS_ACCOUNT } from "./keyStores.js";
import { listPage, type ListParams, type Page } from "./list.js";
import { kmsConnectionContext, newId, nowIso } from "./rows.js";
import type { SqlEngine } from "./sql/executor.js";

export type KmsAuthType = "static" | "default-chain";

/** An AWS connection as the admin plane shows it: never the secret. */
export interface KmsConnection {
  id: string;
  name: string;
  accountId: string;
  regions: string[];
  authType: KmsAuthType;
  /** static: the access key id; default-chain: "" */
  accessKeyId: string;
  /** "" = the SDK's endpoint for the region */
  endpoint: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewKmsConnection {
  name: string;
  accountId: string;
  regions: string[];
  authType: KmsAuthType;
  accessKeyId: string;
  /** static only */
  secretAccessKey?: string;
  endpoint: string;
}

export type KmsConnectionPatch = Partial<Omit<NewKmsConnection, "accountId">>;

interface Row {
  id: string;
  name: string;
  account_id: string;
  regions: string;
  auth_type: KmsAuthType;
  access_key_id: string;
  endpoint: string;
  created_at: string;
  updated_at: string;
}

const COLUMNS = "id, name, account_id, regions, auth_type, access_key_id, endpoint, created_at, updated_at";

function toConnection(r: Row): KmsConnection {
  const regions: unknown = JSON.parse(r.regions);
  if (!Array.isArray(regions) || !regions.every((x) => typeof x === "string")) throw new Error(`kms connection ${r.id}: regions in the database are malformed`);
  return { id: r.id, name: r.name, accountId: r.account_id, regions, authType: r.auth_type, accessKeyId: r.access_key_id, endpoint: r.endpoint, createdAt: r.created_at, updatedAt: r.updated_at };
}

/** The checks the database cannot make: a static connection has both halves of its key, the chain none. */
function assertShape(c: Omit<NewKmsConnection, "secretAccessKey">, hasSecret: boolean): void {
  if (!AWS_ACCOUNT.test(c.accountId)) throw new StoreError("INVALID_ARGUMENT", "must be a 12-digit AWS account id", "account_id");
  if (c.regions.length === 0) throw new StoreError("INVALID_ARGUMENT", "at least one region is required", "regions");
  if (c.authType === "static" && (!c.accessKeyId || !hasSecret)) {
    throw new StoreError("INVALID_ARGUMENT", "auth_type static needs access_key_id and secret_access_key", "secret_access_key");
  }
  if (c.authType === "default-chain" && (c.accessKeyId || hasSecret)) {
    throw new StoreError("INVALID_ARGUMENT", "auth_type default-chain takes no access_key_id or secret_access_key (the host's AWS credential chain provides them)", "access_key_id");
  }
}

export class KmsConnectionRepo {
  constructor(private readonly sql: SqlEngine) {}

  create(c: NewKmsConnection, sealer: Sealer): Promise<KmsConnection> {
    return this.sql.transaction(async () => {
      assertShape(c, Boolean(c.secretAccessKey));
      const id = newId();
      const now = nowIso();
      const secret = c.authType === "static" ? sealer.seal(Buffer.from(c.secretAccessKey!, "utf8"), kmsConnectionContext(id)) : null;
      try {
        await this.sql.run(
          `INSERT INTO kms_connections (id, name, account_id, regions, auth_type, access_key_id, secret, endpoint, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [id, c.name, c.accountId, JSON.stringify(c.regions), c.authType, c.accessKeyId, secret, c.endpoint, now, now],
        );
      } catch (e) {
        if (isUniqueViolation(e)) throw new StoreError("ALREADY_EXISTS", `a kms connection named "${c.name}" already exists`, "name");
        throw e;
      }
      return this.get(id);
    });
  }

  async get(id: string): Promise<KmsConnection> {
    const r = await this.sql.get<Row>(`SELECT ${COLUMNS} FROM kms_connections WHERE id = ?`, [id]);
    if (!r) throw notFound("kms connection", id);
    return toConnection(r);
  }

  /** By id or, failing that, by name (the seed's "Name or ID of the KMS"). */
  async resolve(nameOrId: string): Promise<KmsConnection> {
    const r = await this.sql.get<Row>(`SELECT ${COLUMNS} FROM kms_connections WHERE id = ? OR name = ? ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END LIMIT 1`, [nameOrId, nameOrId, nameOrId]);
    if (!r) throw notFound("kms connection (name or id)", nameOrId);
    return toConnection(r);
  }

  /** The secret of a static connection, unsealed for building its AWS client; undefined for the default chain. */
  async secret(id: string, sealer: Sealer): Promise<string | undefined> {
    const r = await this.sql.get<{ secret: Buffer | null }>(`SELECT secret FROM kms_connections WHERE id = ?`, [id]);
    if (!r) throw notFound("kms connection", id);
    return r.secret ? sealer.open(r.secret, kmsConnectionContext(id)).toString("utf8") : undefined;
  }

  update(id: string, patch: KmsConnectionPatch, sealer: Sealer): Promise<KmsConnection> {
    return this.sql.transaction(async () => {
      const cur = await this.get(id);
      const authType = patch.authType ?? cur.authType;
      const switched = authType !== cur.authType;
      // a new key replaces both halves; switching to the chain drops them
      const keyChanged = patch.accessKeyId !== undefined || patch.secretAccessKey !== undefined || switched;
      const next = {
        name: patch.name ?? cur.name,
        accountId: cur.accountId,
        regions: patch.regions ?? cur.regions,
        authType,
        accessKeyId: keyChanged ? (patch.accessKeyId ?? (switched ? "" : cur.accessKeyId)) : cur.accessKeyId,
        endpoint: patch.endpoint ?? cur.endpoint,
      };
      if (keyChanged && authType === "static" && !patch.secretAccessKey) {
        throw new StoreError("INVALID_ARGUMENT", "a new access key id (or a switch to static) needs its secret_access_key", "secret_access_key");
      }
      // unchanged: a static connection keeps its sealed secret
      assertShape(next, keyChanged ? Boolean(patch.secretAccessKey) : authType === "static");
      try {
        // one statement: the row's auth type and secret change together (the CHECK sees both)
        const set = "name = ?, regions = ?, auth_type = ?, access_key_id = ?, endpoint = ?, updated_at = ?";
        const values = [next.name, JSON.stringify(next.regions), next.authType, next.accessKeyId, next.endpoint, nowIso()];
        if (keyChanged) {
          const secret = authType === "static" ? sealer.seal(Buffer.from(patch.secretAccessKey!, "utf8"), kmsConnectionContext(id)) : null;
          await this.sql.run(`UPDATE kms_connections SET ${set}, secret = ? WHERE id = ?`, [...values, secret, id]);
        } else {
          await this.sql.run(`UPDATE kms_connections SET ${set} WHERE id = ?`, [...values, id]);
        }
      } catch (e) {
        if (isUniqueViolation(e)) throw new StoreError("ALREADY_EXISTS", `a kms connection named "${next.name}" already exists`, "name");
        throw e;
      }
      return this.get(id);
    });
  }

  /** Refused while a key store is linked through it: its AWS side would become unreachable. */
  delete(id: string): Promise<void> {
    return this.sql.transaction(async () => {
      await this.get(id);
      const n = Number((await this.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM key_stores WHERE kms_connection_id = ?`, [id]))!.n);
      if (n > 0) throw new StoreError("FAILED_PRECONDITION", `kms connection ${id} links ${n} key store(s); unlink or delete them first`);
      await this.sql.run(`DELETE FROM kms_connections WHERE id = ?`, [id]);
    });
  }

  list(f: { name?: string; accountId?: string }, p: ListParams): Promise<Page<KmsConnection>> {
    return listPage<Row, KmsConnection>(
      this.sql,
      {
        from: "kms_connections",
        select: COLUMNS,
        sortable: { id: "id", name: "name", account_id: "account_id", createdAt: "created_at", updatedAt: "updated_at" },
        filters: [
          ["name = ?", f.name],
          ["account_id = ?", f.accountId],
        ],
        tieBreaker: "id",
        defaultSort: "name",
      },
      p,
      toConnection,
    );
  }
}
