import type { KMSClient } from "@aws-sdk/client-kms";
import { assumeRoleCredentials } from "../aws/assume-role.js";
import { kmsClient, type KmsClientSpec } from "../aws/client.js";
import type { KeyStore, KmsConnection } from "../store/index.js";
import type { AdminDeps } from "./deps.js";
import { invalid, precondition } from "./errors.js";
import { printable } from "./validate.js";

/** The credentials a connection signs with: its static key, its assumed role's, or (none) the host's chain. */
async function credentialsOf(deps: Pick<AdminDeps, "store" | "sealer">, conn: KmsConnection, region: string): Promise<KmsClientSpec["credentials"]> {
  const secret = conn.accessKeyId ? await deps.store.kmsConnections.secret(conn.id, deps.sealer) : undefined;
  const key = secret ? { accessKeyId: conn.accessKeyId, secretAccessKey: secret } : undefined;
  if (conn.authType !== "assume-role") return key;
  return assumeRoleCredentials({
    connectionId: conn.id,
    version: conn.updatedAt,
    roleArn: conn.assumeRoleArn,
    externalId: conn.externalId,
    region,
    endpoint: conn.endpoint,
    ...(key ? { source: key } : {}),
  });
}

/**
 * Runs fn with an SDK client for the connection in the store's region (a static secret unsealed
 * only for the call; an assumed role's temporary credentials are kept until shortly before they
 * expire), and releases the client's sockets afterwards.
 */
export async function withKms<T>(deps: Pick<AdminDeps, "store" | "sealer">, conn: KmsConnection, region: string, fn: (client: KMSClient) => Promise<T>): Promise<T> {
  const credentials = await credentialsOf(deps, conn, region);
  const client = kmsClient({ region, endpoint: conn.endpoint, ...(credentials ? { credentials } : {}) });
  try {
    return await fn(client);
  } finally {
    client.destroy();
  }
}

/** The connection may serve the store: same AWS account (the confused-deputy check relies on it) and region. */
export function assertServes(conn: KmsConnection, ks: KeyStore): void {
  if (conn.accountId !== ks.kms) {
    throw precondition(`kms connection ${conn.name} is for AWS account ${conn.accountId}, but key store ${ks.id} belongs to account ${ks.kms}`);
  }
  assertRegion(conn, ks.region);
}

export function assertRegion(conn: KmsConnection, region: string): void {
  if (!conn.regions.includes(region)) {
    throw precondition(`kms connection ${conn.name} serves ${conn.regions.join(", ")}, not the key store's region ${region}; add the region to the connection first`);
  }
}

/** The connection a linked store was linked through. */
export async function linkedConnection(deps: Pick<AdminDeps, "store">, ks: KeyStore): Promise<KmsConnection> {
  if (!ks.linkedState || !ks.awsCustomKeyStoreId || !ks.kmsConnectionId) throw precondition(`key store ${ks.id} is not linked with AWS KMS; run "keystore link ${ks.id}" first`);
  return deps.store.kmsConnections.get(ks.kmsConnectionId);
}

/** What a key store's `kms` names: an AWS connection (by name or id), or a bare account without one. */
export interface StoreKms {
  accountId: string;
  conn: KmsConnection | null;
}

/**
 * Resolves a key store's `kms` (the seed's "Name or ID of the KMS"): a connection by id, then by
 * name; failing both, a bare 12-digit AWS account id (a store that cannot be linked until it names
 * a connection). The store's account, which the confused-deputy check on kmsKeyArn uses, is then
 * the connection's.
 */
export async function resolveStoreKms(deps: AdminDeps, kms: string, field: string): Promise<StoreKms> {
  const s = kms.trim();
  const conn = s === "" ? undefined : await deps.store.kmsConnections.find(s);
  if (conn) return { accountId: conn.accountId, conn };
  if (/^\d{12}$/.test(s)) return { accountId: s, conn: null };
  throw invalid(field, `must be an AWS connection's name or id (see "kms list") or the 12-digit AWS account id that owns the store's KMS keys; got "${printable(s)}"`);
}
