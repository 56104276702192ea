import type { KMSClient } from "@aws-sdk/client-kms";
import { kmsClient } from "../aws/client.js";
import type { KeyStore, KmsConnection } from "../store/index.js";
import type { AdminDeps } from "./deps.js";
import { precondition } from "./errors.js";

/**
 * Runs fn with an SDK client for the connection in the store's region (the static secret unsealed
 * only for the call), and releases the client's sockets afterwards.
 */
export async function withKms<T>(deps: Pick<AdminDeps, "store" | "sealer">, conn: KmsConnection, region: string, fn: (client: KMSClient) => Promise<T>): Promise<T> {
  const secret = conn.authType === "static" ? await deps.store.kmsConnections.secret(conn.id, deps.sealer) : undefined;
  const client = kmsClient({ region, endpoint: conn.endpoint, ...(secret ? { credentials: { accessKeyId: conn.accessKeyId, secretAccessKey: secret } } : {}) });
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
  if (!conn.regions.includes(ks.region)) {
    throw precondition(`kms connection ${conn.name} serves ${conn.regions.join(", ")}, not the key store's region ${ks.region}; add the region to the connection first`);
  }
}

/** The connection a linked store was linked through. */
export async function linkedConnection(deps: Pick<AdminDeps, "store">, ks: KeyStore): Promise<KmsConnection> {
  if (!ks.linkedState || !ks.awsCustomKeyStoreId || !ks.kmsConnectionId) throw precondition(`key store ${ks.id} is not linked with AWS KMS; run "keystore link ${ks.id}" first`);
  return deps.store.kmsConnections.get(ks.kmsConnectionId);
}
