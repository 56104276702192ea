/**
 * Three daemons on one PostgreSQL database (issue 10): what one node is told, all serve; the
 * fleet's size and rate shares follow its live nodes.
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { meta } from "./helpers/dataplane-suite.js";
import { encrypt, health, provision, startFleet, startNode, until, type FleetNodeProcess } from "./helpers/fleet.js";
import { usePgCluster } from "./helpers/postgres.js";
import { freePort, scratch } from "./helpers/process.js";
import { signedPost } from "./helpers/sign.js";

const cluster = usePgCluster();
const space = scratch("xks-fleet-");
let db = 0;
const freshDb = () => cluster().createDatabase(`fleet${++db}`);

afterEach(() => {
  for (const p of space.procs) if (p.child.exitCode === null) p.child.kill("SIGKILL");
});

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
    for (const n of [b, c]) await until("the node serves the new key", async () => (await encrypt(n, p)).status === 200);
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

  it("a key store's rate limit is the fleet's: with two live nodes each admits half the burst", async () => {
    const url = await freshDb();
    const [a, b] = (await startFleet(cluster(), url, space, 2)) as [FleetNodeProcess, FleetNodeProcess];
    const p = await provision(a);
    // 1 request per second and a burst of 8 for the whole fleet: 4 on each node (a refill of one
    // token per two seconds per node cannot blur the count of a quick burst)
    await a.admin.keyStores("Update", { id: p.storeId, local_hosted_params: { rate_limit: { requests_per_second: 1, burst: 8 } } });
    // (read from the metrics: a GetHealthStatus would take tokens from the bucket under test)
    const liveNodes = async (n: FleetNodeProcess) => Number(/^xks_fleet_live_nodes (\d+)$/m.exec(await (await fetch(`http://127.0.0.1:${n.metricsPort}/metrics`)).text())?.[1]);
    await until("both nodes count two live nodes", async () => (await liveNodes(a)) === 2 && (await liveNodes(b)) === 2);
    for (const n of [a, b]) {
      const statuses = await Promise.all(Array.from({ length: 10 }, () => encrypt(n, p)));
      expect(statuses.filter((r) => r.status === 200).length, `node on port ${n.xksPort}`).toBe(4);
      expect(statuses.filter((r) => r.status === 429 && r.json.errorName === "ThrottlingException").length).toBe(6);
    }
  });

  it("a node without the fleet's master key refuses to start, naming its key file", async () => {
    const url = await freshDb();
    const [a] = await startFleet(cluster(), url, space, 1);
    await provision(a!);
    await expect(startNode(cluster(), url, space, undefined)).rejects.toThrow(/master key file .* does not exist, and database .* already belongs to a fleet/);
  });
});

describe("the README's fleet example: three nodes behind HAProxy (deploy/haproxy/haproxy.cfg)", () => {
  it("serves through the load balancer, and keeps serving when a node is killed", async () => {
    const url = await freshDb();
    const nodes = await startFleet(cluster(), url, space, 3);
    const p = await provision(nodes[0]!);
    for (const n of nodes) await until("every node serves the store", async () => (await encrypt(n, p)).status === 200);
    // the shipped file, with loopback addresses, without TLS to the nodes (the tests' nodes speak
    // HTTP), faster checks, and fewer connections (maxconn 20000 needs more open files than a test may)
    const lbPort = await freePort();
    const servers = nodes.map((n, i) => `  server node${i + 1} 127.0.0.1:${n.xksPort}`);
    const cfg = readFileSync(join(import.meta.dirname, "../deploy/haproxy/haproxy.cfg"), "utf8")
      .replace("maxconn 20000", "maxconn 1000")
      .replace("bind :443", `bind 127.0.0.1:${lbPort}`)
      .replace(" check-ssl verify none", "")
      .replace("inter 1s", "inter 200ms")
      .replace(/^ {2}server node\d .*\n/gm, "")
      .concat(servers.join("\n"), "\n");
    const cfgFile = join(space.root(), "haproxy.cfg");
    writeFileSync(cfgFile, cfg);
    const lb = spawn("haproxy", ["-f", cfgFile, "-db"], { stdio: ["ignore", "pipe", "pipe"] });
    let lbOut = "";
    lb.stdout.on("data", (d: Buffer) => (lbOut += d.toString()));
    lb.stderr.on("data", (d: Buffer) => (lbOut += d.toString()));
    try {
      const through = { ...nodes[0]!, xksPort: lbPort };
      await until("the load balancer answers", async () => (await encrypt(through, p).catch(() => ({ status: 0 }))).status === 200).catch((e: Error) => {
        throw new Error(`${e.message}\n${lbOut}\n${cfg}`);
      });
      const first = await Promise.all(Array.from({ length: 30 }, () => encrypt(through, p)));
      expect(first.map((r) => r.status)).toEqual(Array(30).fill(200));
      nodes[1]!.child.kill("SIGKILL");
      await nodes[1]!.exited;
      // new connections to the dead node are refused: HAProxy retries them on another node
      const after = [];
      for (let i = 0; i < 30; i++) after.push((await encrypt(through, p)).status);
      expect(after, lbOut).toEqual(Array(30).fill(200));
    } finally {
      lb.kill("SIGKILL");
    }
  });
});
