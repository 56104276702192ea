/**
 * A fleet on loopback: daemons as real processes sharing one database of a private PostgreSQL
 * cluster (test/helpers/postgres.ts), each with its own data dir and the fleet's master key.
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { adminClient, type AdminClient } from "./admin-client.js";
import { meta } from "./dataplane-suite.js";
import { signedPost, type Credential, type Reply } from "./sign.js";
import type { PgCluster } from "./postgres.js";
import { launch, spawnDaemon, type DaemonProcess } from "./process.js";
import type { scratch } from "./process.js";

export interface FleetNodeProcess extends DaemonProcess {
  dataDir: string;
  admin: AdminClient;
}

export interface FleetOptions {
  /** merged over each node's config */
  extra?: Record<string, unknown>;
}

/** Starts `n` nodes on `url`: the first creates the fleet's master key, the others get a copy of it. */
export async function startFleet(cluster: PgCluster, url: string, space: ReturnType<typeof scratch>, n: number, o: FleetOptions = {}): Promise<FleetNodeProcess[]> {
  if (n < 1) return [];
  const first = await startNode(cluster, url, space, undefined, o);
  // the first node has paired the master key with the database; the others start side by side
  return [first, ...(await Promise.all(Array.from({ length: n - 1 }, () => startNode(cluster, url, space, first.dataDir, o))))];
}

/** One more node; `keyFrom`: the data dir of a node whose master key it gets (none: the first node). */
export async function startNode(cluster: PgCluster, url: string, space: ReturnType<typeof scratch>, keyFrom: string | undefined, o: FleetOptions = {}): Promise<FleetNodeProcess> {
  const { dataDir, config } = nodeConfig(cluster, url, space, keyFrom, o);
  const p = await spawnDaemon(dataDir, config);
  space.procs.push(p);
  return { ...p, dataDir, admin: adminClient(p.adminPort, p.token) };
}

/**
 * A node launched without waiting for its start: for a node whose database is down, which listens
 * on its data-plane port (readyz 503) but logs "xks-proxy started" only once it has loaded the state.
 */
export async function launchNode(cluster: PgCluster, url: string, space: ReturnType<typeof scratch>, keyFrom: string | undefined, o: FleetOptions = {}): Promise<FleetNodeProcess> {
  const { dataDir, config } = nodeConfig(cluster, url, space, keyFrom, o);
  const l = await launch(dataDir, config, {}, []);
  const p: DaemonProcess = { child: l.child, ...l.ports, token: l.token, output: l.output, exited: l.exited };
  space.procs.push(p);
  return { ...p, dataDir, admin: adminClient(p.adminPort, p.token) };
}

function nodeConfig(cluster: PgCluster, url: string, space: ReturnType<typeof scratch>, keyFrom: string | undefined, o: FleetOptions): { dataDir: string; config: Record<string, unknown> } {
  const dataDir = space.dataDir();
  if (keyFrom) copyFileSync(join(keyFrom, "master.key"), join(dataDir, "master.key"));
  const passwordFile = join(dataDir, "..", "pgpass");
  writeFileSync(passwordFile, cluster.password, { mode: 0o600 });
  const { fleet, ...rest } = o.extra ?? {};
  return { dataDir, config: { store: { url, passwordFile }, fleet: { heartbeatMs: 200, timeoutMs: 2000, ...(fleet as object | undefined) }, ...rest } };
}

/** Polls `f` until it returns true (every 20 ms, at most `ms`). */
export async function until(what: string, f: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await f()) return;
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A key store with a credential and a HYOK key over a new local source key, made through one node. */
export interface Provisioned {
  base: string;
  cred: Credential;
  keyId: string;
  storeId: string;
}

export async function provision(node: FleetNodeProcess, name = "fleet-store"): Promise<Provisioned> {
  const ks = await node.admin.keyStores("Create", { name, kms: "111122223333", region: "us-east-1" });
  const sk = await node.admin.sourceKeys("Create", {});
  const hk = await node.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks.id, source_key_id: sk.id } });
  return { base: ks.aws_param.xks_proxy_uri_path, cred: { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key }, keyId: hk.id, storeId: ks.id };
}

/** a transport failure counts as an answer with status 0, so a load can count it */
export const answered = (r: Promise<Reply>): Promise<Reply> => r.catch((e: unknown) => ({ status: 0, body: String(e), json: {} }));
export const encrypt = (node: { xksPort: number }, p: Provisioned, cred = p.cred, keyId = p.keyId) =>
  answered(signedPost(node.xksPort, `${p.base}/keys/${keyId}/encrypt`, { requestMetadata: meta("Encrypt"), plaintext: randomBytes(16).toString("base64"), encryptionAlgorithm: "AES_GCM" }, cred));
export const decrypt = (node: { xksPort: number }, p: Provisioned, enc: Reply, cred = p.cred, requestMetadata = meta("Decrypt")) =>
  answered(signedPost(node.xksPort, `${p.base}/keys/${p.keyId}/decrypt`, { requestMetadata, ...enc.json, encryptionAlgorithm: "AES_GCM" }, cred));
export const health = (node: { xksPort: number }, p: Provisioned) =>
  answered(signedPost(node.xksPort, `${p.base}/health`, { requestMetadata: { kmsRequestId: "h", kmsOperation: "KmsHealthCheck" } }, p.cred));
export const fleetSize = async (node: { xksPort: number }, p: Provisioned) => (await health(node, p)).json.xksProxyFleetSize;
