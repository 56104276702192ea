import type { Sealer } from "../keys/sealer.js";
import { isUniqueViolation, notFound, StoreError } from "./errors.js";
import type { KeyStoreRepo } from "./keyStores.js";
import { listPage, type ListParams, type Page } from "./list.js";
import { credentialContext, newId, nowIso } from "./rows.js";
import type { SqlEngine } from "./sql/executor.js";

/** A credential as the admin plane shows it: never the secret. */
export interface Credential {
  id: string;
  keyStoreId: string;
  version: number;
  accessKeyId: string;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  key_store_id: string;
  version: number;
  access_key_id: string;
  created_at: string;
  updated_at: string;
}

const COLUMNS = "id, key_store_id, version, access_key_id, created_at, updated_at";

const toCredential = (r: Row): Credential => ({
  id: r.id,
  keyStoreId: r.key_store_id,
  version: r.version,
  accessKeyId: r.access_key_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class CredentialRepo {
  constructor(
    private readonly sql: SqlEngine,
    private readonly keyStores: KeyStoreRepo,
  ) {}

  /**
   * Adds a credential (secret sealed under "credential:<id>"), refused once the store holds
   * max_credentials. Run inside a transaction so the count check and insert are atomic.
   */
  create(keyStoreId: string, accessKeyId: string, secret: string, sealer: Sealer): Promise<Credential> {
    return this.sql.transaction(async () => {
      const ks = await this.keyStores.get(keyStoreId);
      if (ks.credentialCount >= ks.maxCredentials) {
        throw new StoreError(
          "FAILED_PRECONDITION",
          `key store ${keyStoreId} already has ${ks.credentialCount} of max_credentials ${ks.maxCredentials}; delete an old credential (or raise max_credentials) first`,
        );
      }
      const id = newId();
      const version = await this.keyStores.bumpCredentialVersion(keyStoreId);
      const sealed = sealer.seal(Buffer.from(secret, "utf8"), credentialContext(id));
      const now = nowIso();
      try {
        await this.sql.run(
          `INSERT INTO credentials (id, key_store_id, version, access_key_id, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
          [id, keyStoreId, version, accessKeyId, sealed, now, now],
        );
      } catch (e) {
        if (isUniqueViolation(e)) throw new StoreError("ALREADY_EXISTS", `access key id ${accessKeyId} is already in use`);
        throw e;
      }
      return this.get(keyStoreId, id);
    });
  }

  async accessKeyIdExists(accessKeyId: string): Promise<boolean> {
    return (await this.sql.get(`SELECT 1 FROM credentials WHERE access_key_id = ?`, [accessKeyId])) !== undefined;
  }

  async get(keyStoreId: string, id: string): Promise<Credential> {
    await this.keyStores.get(keyStoreId);
    const r = await this.sql.get<Row>(`SELECT ${COLUMNS} FROM credentials WHERE id = ? AND key_store_id = ?`, [id, keyStoreId]);
    if (!r) throw notFound(`credential in key store ${keyStoreId}:`, id);
    return toCredential(r);
  }

  /**
   * Deletes a credential. Refused for the one AWS KMS holds for a linked store (AWS would sign with
   * a credential the proxy no longer accepts: its store goes FAILED) and for one a rotation is
   * pushing to AWS right now.
   */
  delete(keyStoreId: string, id: string): Promise<void> {
    return this.sql.transaction(async () => {
      await this.get(keyStoreId, id);
      const ks = await this.keyStores.get(keyStoreId);
      if (ks.linkedState && id === ks.awsCredentialId) {
        throw new StoreError(
          "FAILED_PRECONDITION",
          `credential ${id} is the one AWS KMS holds for linked key store ${keyStoreId} (AWS custom key store ${ks.awsCustomKeyStoreId}): deleting it would make AWS's store FAILED (INVALID_CREDENTIALS); rotate first ("credential rotate"), then delete it`,
        );
      }
      if (ks.linkedState && id === ks.awsPendingCredentialId) {
        throw new StoreError("FAILED_PRECONDITION", `credential ${id} is being pushed to AWS KMS by a rotation of key store ${keyStoreId}; the rotation completes (or removes) it`);
      }
      await this.sql.run(`DELETE FROM credentials WHERE id = ?`, [id]);
    });
  }

  /** Removes a credential a push to AWS left behind (AWS refused it): no check, it was never AWS's. */
  async discard(id: string): Promise<void> {
    await this.sql.run(`DELETE FROM credentials WHERE id = ?`, [id]);
  }

  /** The store's credentials, oldest (lowest version) first. */
  async allOf(keyStoreId: string): Promise<Credential[]> {
    return (await this.sql.all<Row>(`SELECT ${COLUMNS} FROM credentials WHERE key_store_id = ? ORDER BY version`, [keyStoreId])).map(toCredential);
  }

  async oldest(keyStoreId: string): Promise<Credential | undefined> {
    const r = await this.sql.get<Row>(`SELECT ${COLUMNS} FROM credentials WHERE key_store_id = ? ORDER BY version LIMIT 1`, [keyStoreId]);
    return r && toCredential(r);
  }

  async list(keyStoreId: string, f: { accessKeyId?: string }, p: ListParams): Promise<Page<Credential>> {
    await this.keyStores.get(keyStoreId);
    return listPage<Row, Credential>(
      this.sql,
      {
        from: "credentials",
        select: COLUMNS,
        sortable: { id: "id", access_key_id: "access_key_id", version: "version", createdAt: "created_at", updatedAt: "updated_at" },
        filters: [
          ["key_store_id = ?", keyStoreId],
          ["access_key_id = ?", f.accessKeyId],
        ],
        tieBreaker: "id",
        defaultSort: "version",
      },
      p,
      toCredential,
    );
  }

  /** Every credential with its secret unsealed, for the run-time key view only. */
  async allUnsealed(sealer: Sealer): Promise<UnsealedCredential[]> {
    const rows = await this.sql.all<SecretRow>(`SELECT id, key_store_id, access_key_id, secret FROM credentials ORDER BY key_store_id, version`);
    return rows.map((r) => unsealed(r, sealer));
  }

  /** The store's newest credential with its secret unsealed: the one AWS KMS is given when a store is linked. */
  async newestUnsealed(keyStoreId: string, sealer: Sealer): Promise<UnsealedCredential | undefined> {
    const r = await this.sql.get<SecretRow>(`SELECT id, key_store_id, access_key_id, secret FROM credentials WHERE key_store_id = ? ORDER BY version DESC LIMIT 1`, [keyStoreId]);
    return r && unsealed(r, sealer);
  }

  /** One credential with its secret unsealed (undefined: it no longer exists), for a view delta. */
  async findUnsealed(id: string, sealer: Sealer): Promise<UnsealedCredential | undefined> {
    const r = await this.sql.get<SecretRow>(`SELECT id, key_store_id, access_key_id, secret FROM credentials WHERE id = ?`, [id]);
    return r && unsealed(r, sealer);
  }
}

interface SecretRow {
  id: string;
  key_store_id: string;
  access_key_id: string;
  secret: Buffer;
}

export interface UnsealedCredential {
  id: string;
  keyStoreId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const unsealed = (r: SecretRow, sealer: Sealer): UnsealedCredential => ({
  id: r.id,
  keyStoreId: r.key_store_id,
  accessKeyId: r.access_key_id,
  secretAccessKey: sealer.open(r.secret, credentialContext(r.id)).toString("utf8"),
});
