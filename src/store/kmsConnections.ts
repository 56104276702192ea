import type { Sealer } from "../keys/sealer.js";
import { isUniqueViolation, notFound, StoreError } from "./errors.js";
import { AWS_ACCOUNT } from "./keyStores.js";
import { listPage, type ListParams, type Page } from "./list.js";
import { kmsConnectionContext, newId, nowIso } from "./rows.js";
import type { SqlEngine } from "./sql/executor.js";

export type KmsAuthType = "static" | "default-chain" | "assume-role";

/** The auth_type column: what signs the calls, or (with a role) what assumes the role. */
type SourceType = "static" | "default-chain";

/** An AWS connection as the admin plane shows it: never the secret. */
export interface KmsConnection {
  id: string;
  name: string;
  accountId: string;
  regions: string[];
  authType: KmsAuthType;
  /** static, and assume-role from a static key: the access key id; otherwise "" */
  accessKeyId: string;
  /** "" = the SDK's endpoint for the region */
  endpoint: string;
  /** assume-role: the IAM role assumed through STS; otherwise "" */
  assumeRoleArn: string;
  /** assume-role: the external id the role's trust policy requires ("" = none) */
  externalId: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewKmsConnection {
  name: string;
  accountId: string;
  regions: string[];
  authType: KmsAuthType;
  accessKeyId: string;
  /** static, and assume-role from a static key */
  secretAccessKey?: string;
  endpoint: string;
  /** assume-role only; absent = "" */
  assumeRoleArn?: string;
  externalId?: string;
}

export type KmsConnectionPatch = Partial<Omit<NewKmsConnection, "accountId">>;

interface Row {
  id: string;
  name: string;
  account_id: string;
  regions: string;
  auth_type: SourceType;
  access_key_id: string;
  endpoint: string;
  assume_role_arn: string;
  external_id: string;
  created_at: string;
  updated_at: string;
}

const COLUMNS = "id, name, account_id, regions, auth_type, access_key_id, endpoint, assume_role_arn, external_id, created_at, updated_at";

function toConnection(r: Row): KmsConnection {
  const regions: unknown = JSON.parse(r.regions);
  if (!Array.isArray(regions) || !regions.every((x) => typeof x === "string")) throw new Error(`kms connection ${r.id}: regions in the database are malformed`);
  return {
    id: r.id,
    name: r.name,
    accountId: r.account_id,
    regions,
    authType: r.assume_role_arn ? "assume-role" : r.auth_type,
    accessKeyId: r.access_key_id,
    endpoint: r.endpoint,
    assumeRoleArn: r.assume_role_arn,
    externalId: r.external_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The auth_type column of a connection: a role is assumed with a static key when it has one, else with the chain. */
function sourceType(c: Omit<NewKmsConnection, "secretAccessKey">): SourceType {
  return c.authType === "assume-role" ? (c.accessKeyId ? "static" : "default-chain") : c.authType;
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
  if (c.authType === "assume-role") {
    if (!c.assumeRoleArn) throw new StoreError("INVALID_ARGUMENT", "auth_type assume-role needs assume_role_arn", "assume_role_arn");
    if (Boolean(c.accessKeyId) !== hasSecret) {
      throw new StoreError("INVALID_ARGUMENT", "assume-role from a static key needs both access_key_id and secret_access_key (neither: the host's AWS credential chain assumes the role)", "secret_access_key");
    }
  } else if (c.assumeRoleArn || c.externalId) {
    throw new StoreError("INVALID_ARGUMENT", `auth_type ${c.authType} takes no assume_role_arn or external_id (auth_type assume-role does)`, c.assumeRoleArn ? "assume_role_arn" : "external_id");
  }
}

export class KmsConnectionRepo {
  constructor(private readonly sql: SqlEngine) {}

  create(c: NewKmsConnection, sealer: Sealer): Promise<KmsConnection> {
    return this.sql.transaction(async () => {
      assertShape(c, Boolean(c.secretAccessKey));
      const id = newId();
      const now = nowIso();
      const secret = c.secretAccessKey ? sealer.seal(Buffer.from(c.secretAccessKey!, "utf8"), kmsConnectionContext(id)) : null;
      try {
        await this.sql.run(
          `INSERT INTO kms_connections (id, name, account_id, regions, auth_type, access_key_id, secret, endpoint, assume_role_arn, external_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [id, c.name, c.accountId, JSON.stringify(c.regions), sourceType(c), c.accessKeyId, secret, c.endpoint, c.assumeRoleArn ?? "", c.externalId ?? "", now, now],
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
    const c = await this.find(nameOrId);
    if (!c) throw notFound("kms connection (name or id)", nameOrId);
    return c;
  }

  /** As resolve; undefined when no connection has that id or name. */
  async find(nameOrId: string): Promise<KmsConnection | undefined> {
    const r = await this.sql.get<Row>(`SELECT ${COLUMNS} FROM kms_connections WHERE id = ? OR name = ? ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END LIMIT 1`, [nameOrId, nameOrId, nameOrId]);
    return r ? toConnection(r) : undefined;
  }

  /** The secret of a connection's static key, unsealed for building its AWS client; undefined for the default chain. */
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
      // a new key replaces both halves; switching the auth type drops them unless new ones come along
      const keyChanged = patch.accessKeyId !== undefined || patch.secretAccessKey !== undefined || switched;
      // a role belongs to assume-role only: switching away drops it
      const keepsRole = authType === "assume-role";
      const next = {
        name: patch.name ?? cur.name,
        accountId: cur.accountId,
        regions: patch.regions ?? cur.regions,
        authType,
        accessKeyId: keyChanged ? (patch.accessKeyId ?? (switched ? "" : cur.accessKeyId)) : cur.accessKeyId,
        endpoint: patch.endpoint ?? cur.endpoint,
        assumeRoleArn: patch.assumeRoleArn ?? (keepsRole ? cur.assumeRoleArn : ""),
        externalId: patch.externalId ?? (keepsRole ? cur.externalId : ""),
      };
      if (keyChanged && next.accessKeyId && !patch.secretAccessKey) {
        throw new StoreError("INVALID_ARGUMENT", "a new access key id (or a switch to static) needs its secret_access_key", "secret_access_key");
      }
      // unchanged: a connection with a static key keeps its sealed secret
      assertShape(next, keyChanged ? Boolean(patch.secretAccessKey) : Boolean(cur.accessKeyId));
      try {
        // one statement: the row's auth type and secret change together (the CHECK sees both)
        const set = "name = ?, regions = ?, auth_type = ?, access_key_id = ?, endpoint = ?, assume_role_arn = ?, external_id = ?, updated_at = ?";
        const values = [next.name, JSON.stringify(next.regions), sourceType(next), next.accessKeyId, next.endpoint, next.assumeRoleArn, next.externalId, nowIso()];
        if (keyChanged) {
          const secret = patch.secretAccessKey ? sealer.seal(Buffer.from(patch.secretAccessKey!, "utf8"), kmsConnectionContext(id)) : null;
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
      if (n > 0) throw new StoreError("FAILED_PRECONDITION", `kms connection ${id} is the connection of ${n} key store(s); delete them or name another connection first`);
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
