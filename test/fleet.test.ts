/**
 * Three daemons on one PostgreSQL database (issue 10): what one node is told, all serve; the
 * fleet's size and rate shares follow its live nodes.
 */
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { meta } from "./helpers/dataplane-suite.js";
import { startFleet, startNode, until, type FleetNodeProcess } from "./helpers/fleet.js";
import { usePgCluster } from "./helpers/postgres.js";
import { scratch } from "./helpers/process.js";
import { signedPost, type Credential } from "./helpers/sign.js";

const cluster = usePgCluster();
const space = scratch("xks-fleet-");
let db = 0;
const freshDb = () => cluster().createDatabase(`fleet${++db}`);

afterEach(() => {
  for (const p of space.procs) if (p.child.exitCode === null) p.child.kill("SIGKILL");
});

interface Provisioned {
  base: string;
  cred: Credential;
  keyId: string;
  storeId: string;
}

async function provision(node: FleetNodeProcess, name = "fleet-store"): Promise<Provisioned> {
  const ks = await node.admin.keyStores("Create", { name, kms: "111122223333", region: "us-east-1" });
  const sk = await node.admin.sourceKeys("Create", {});
  const vk = await node.admin.virtualKeys("Create", { source_key_id: sk.id });
  const hk = await node.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks.id, virtual_key_id: vk.id } });
  return { base: ks.aws_param.xks_proxy_uri_path, cred: { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key }, keyId: hk.id, storeId: ks.id };
}

const encrypt = (node: FleetNodeProcess, p: Provisioned, cred: Credential = p.cred) =>
  signedPost(node.xksPort, `${p.base}/keys/${p.keyId}/encrypt`, { requestMetadata: meta("Encrypt"), plaintext: randomBytes(16).toString("base64"), encryptionAlgorithm: "AES_GCM" }, cred);
const health = (node: FleetNodeProcess, p: Provisioned) => signedPost(node.xksPort, `${p.base}/health`, { requestMetadata: { kmsRequestId: "h", kmsOperation: "KmsHealthCheck" } }, p.cred);

describe("a fleet of three nodes on one PostgreSQL database", () => {
  it("serves on B and C what was provisioned on A, and a ciphertext from one node decrypts on another", async () => {
    const url = await freshDb();
    const [a, b, c] = (await startFleet(cluster(), url, space, 3)) as [FleetNodeProcess, FleetNodeProcess, FleetNodeProcess];
    const p = await provision(a);
    for (const n of [b, c]) await until("the node serves the new store", async () => (await encrypt(n, p)).status === 200);
    const enc = await encrypt(b, p);
    expect(enc.status).toBe(200);
    const dec = await signedPost(c.xksPort, `${p.base}/keys/${p.keyId}/decrypt`, { requestMetadata: meta("Decrypt"), ...enc.json, encryptionAlgorithm: "AES_GCM" }, p.cred);
    expect(dec.status).toBe(200);
    // every node counts three live nodes, and says so to AWS KMS
    for (const n of [a, b, c]) await until("three live nodes", async () => (await health(n, p)).json.xksProxyFleetSize === 3);
    const list = await b.admin.fleet("List", {});
    expect(list.live).toBe(3);
    expect(list.nodes.filter((n: { self: boolean }) => n.self)).toHaveLength(1);
  });

  it("a node killed with -9 drops out after the timeout; the others keep serving", async () => {
    const url = await freshDb();
    const [a, b, c] = (await startFleet(cluster(), url, space, 3)) as [FleetNodeProcess, FleetNodeProcess, FleetNodeProcess];
    const p = await provision(a);
    await until("C serves", async () => (await encrypt(c, p)).status === 200);
    await until("three live nodes", async () => (await health(b, p)).json.xksProxyFleetSize === 3);
    c.child.kill("SIGKILL");
    await c.exited;
    const ra = await encrypt(a, p);
    expect(ra.status, JSON.stringify(ra.json) + a.output().slice(-3000)).toBe(200);
    expect((await encrypt(b, p)).status).toBe(200);
    await until("two live nodes", async () => (await health(a, p)).json.xksProxyFleetSize === 2);
    const list = await a.admin.fleet("List", {});
    expect(list.live).toBe(2);
    expect(list.nodes.filter((n: { live: boolean }) => !n.live)).toHaveLength(1);
  });

  it("a node without the fleet's master key refuses to start, naming its key file", async () => {
    const url = await freshDb();
    const [a] = await startFleet(cluster(), url, space, 1);
    await provision(a!);
    await expect(startNode(cluster(), url, space, undefined)).rejects.toThrow(/master key file .* does not exist, and database .* already belongs to a fleet/);
  });
});
