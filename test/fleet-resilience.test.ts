/**
 * A fleet of daemons on one PostgreSQL database under faults (issue 10, "Tests"): rotations and
 * deletions under signed load, conflicting writes on two nodes, the database stopped and started
 * under load, nodes killed with -9 (serving and writing), a node started while the database is
 * down, and the fleet's singleton job moving to another node. Real processes, one private cluster.
 */
import * as grpc from "@grpc/grpc-js";
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { meta } from "./helpers/dataplane-suite.js";
import { decrypt, encrypt, fleetSize, health, launchNode, provision, startFleet, startNode, until, type FleetNodeProcess, type Provisioned } from "./helpers/fleet.js";
import { usePgCluster } from "./helpers/postgres.js";
import { scratch } from "./helpers/process.js";
import type { Credential } from "./helpers/sign.js";

const cluster = usePgCluster();
const space = scratch("xks-fleet-res-");
let db = 0;
const freshDb = () => cluster().createDatabase(`resilience${++db}`);
/** the nodes' fleet timeout (test/helpers/fleet.ts) and the advisory lock's default ping (store/postgres/locks.ts) */
const TIMEOUT_MS = 2000;
const LOCK_PING_MS = 5000;

afterEach(() => {
  for (const p of space.procs) if (p.child.exitCode === null) p.child.kill("SIGKILL");
});

interface NodeLoad {
  ok: number;
  failures: string[];
}

/**
 * Signed encrypt + decrypt round trips against each node, back to back, until stopped; `cred` is
 * read at the start of each round trip, so a switch takes effect at the next one.
 */
function drive(nodes: FleetNodeProcess[], p: Provisioned, cred: () => Credential = () => p.cred) {
  let stopped = false;
  const stats = nodes.map((): NodeLoad => ({ ok: 0, failures: [] }));
  const loops = nodes.map(async (n, i) => {
    const s = stats[i]!;
    while (!stopped) {
      const c = cred();
      const enc = await encrypt(n, p, c);
      const dec = enc.status === 200 ? await decrypt(n, p, enc, c) : undefined;
      if (dec?.status === 200) s.ok++;
      else s.failures.push(`node ${i}: ${dec ? `decrypt ${dec.status} ${dec.body}` : `encrypt ${enc.status} ${enc.body}`}`);
    }
  });
  return {
    stats,
    /** resolves once every node has completed `n` more round trips than now */
    async more(n: number) {
      const from = stats.map((s) => s.ok + s.failures.length);
      await until(`${n} more round trips on every node`, () => stats.every((s, i) => s.ok + s.failures.length >= from[i]! + n));
    },
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return stats;
    },
  };
}

const grpcCode = async (call: Promise<unknown>): Promise<{ code: number; details: string }> => {
  try {
    await call;
  } catch (e) {
    const err = e as grpc.ServiceError;
    return { code: err.code, details: err.details };
  }
  throw new Error("the call succeeded");
};

/** grpc.health.v1.Health/Check for `service` over a raw call: the enum's number (1 SERVING, 2 NOT_SERVING) */
async function healthStatus(node: FleetNodeProcess, service: string): Promise<number> {
  const client = new grpc.Client(`127.0.0.1:${node.adminPort}`, grpc.credentials.createInsecure());
  const name = Buffer.from(service);
  try {
    const res = await new Promise<Buffer>((resolve, reject) =>
      client.makeUnaryRequest("/grpc.health.v1.Health/Check", (b: Buffer) => b, (b: Buffer) => b, Buffer.concat([Buffer.from([0x0a, name.length]), name]), new grpc.Metadata(), (e, r) =>
        e ? reject(e) : resolve(r!),
      ),
    );
    // HealthCheckResponse { status = 1 }: tag 0x08 then the enum value; SERVING_UNKNOWN (0) is encoded as nothing
    return res.length === 0 ? 0 : res[1]!;
  } finally {
    client.close();
  }
}

/** whether the node's log says it runs the audit retention job now (its last word on the lease) */
function runsRetention(n: FleetNodeProcess): boolean {
  const out = n.output();
  return out.lastIndexOf('"msg":"this node runs audit retention for the fleet"') > out.lastIndexOf('"msg":"this node no longer runs audit retention"');
}

const metricsText = async (node: FleetNodeProcess) => (await fetch(`http://127.0.0.1:${node.metricsPort}/metrics`)).text();
const readyz = async (node: FleetNodeProcess) => (await fetch(`http://127.0.0.1:${node.xksPort}/readyz`)).status;

describe("a PostgreSQL fleet under faults", () => {
  it("a rotation on A under signed load on B and C fails nothing; the old credential deleted on A gets 401 on every node within 2 s", async () => {
    const url = await freshDb();
    const [a, b, c] = (await startFleet(cluster(), url, space, 3)) as [FleetNodeProcess, FleetNodeProcess, FleetNodeProcess];
    const p = await provision(a);
    for (const n of [b, c]) await until("the node serves the new store", async () => (await encrypt(n, p)).status === 200);

    let current = p.cred;
    const load = drive([b, c], p, () => current);
    await load.more(3);
    const rotated = await a.admin.credentials("Rotate", { custom_key_store_id: p.storeId });
    const rotatedAt = performance.now();
    const fresh: Credential = { accessKeyId: rotated.credential.access_key_id, secretAccessKey: rotated.credential.secret_access_key };
    expect(fresh.accessKeyId).not.toBe(p.cred.accessKeyId);
    await until("B and C serve the new credential", async () => (await Promise.all([b, c].map((n) => encrypt(n, p, fresh)))).every((r) => r.status === 200), 5000);
    const rotationMs = performance.now() - rotatedAt;
    current = fresh;
    // every round trip signed with the old credential has been answered before it is deleted
    await load.more(2);

    const old = (await a.admin.credentials("List", { custom_key_store_id: p.storeId })).resources.find((r: { access_key_id: string }) => r.access_key_id === p.cred.accessKeyId);
    expect(old).toBeDefined();
    await a.admin.credentials("Delete", { custom_key_store_id: p.storeId, id: old.id });
    const deletedAt = performance.now();
    expect((await encrypt(a, p, p.cred)).status).toBe(401);
    await until("B and C refuse the deleted credential", async () => (await Promise.all([b, c].map((n) => encrypt(n, p, p.cred)))).every((r) => r.status === 401), 5000);
    const deletionMs = performance.now() - deletedAt;
    await load.more(3);
    const stats = await load.stop();

    console.log(`fleet-resilience: rotation served by B and C ${rotationMs.toFixed(1)} ms after Rotate answered; deletion refused by B and C ${deletionMs.toFixed(1)} ms after Delete answered`);
    expect(stats.flatMap((s) => s.failures)).toEqual([]);
    expect(stats.every((s) => s.ok > 0)).toBe(true);
    expect(deletionMs).toBeLessThan(2000);
    // the new credential stays good everywhere
    for (const n of [a, b, c]) expect((await encrypt(n, p, fresh)).status).toBe(200);
  }, 90_000);

  it("the same key store created on A and B at once: exactly one wins, the other is ALREADY_EXISTS, nothing half-made", async () => {
    const url = await freshDb();
    const [a, b] = (await startFleet(cluster(), url, space, 2)) as [FleetNodeProcess, FleetNodeProcess];
    const names = Array.from({ length: 8 }, (_, i) => `race-${i}`);
    for (const name of names) {
      const req = { name, kms: "111122223333", region: "us-east-1" };
      const results = await Promise.allSettled([a.admin.keyStores("Create", req), b.admin.keyStores("Create", req)]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(won, name).toHaveLength(1);
      expect(lost, name).toHaveLength(1);
      expect(grpc.status[(lost[0]!.reason as grpc.ServiceError).code], (lost[0]!.reason as Error).message).toBe("ALREADY_EXISTS");
    }
    // seen from either node: one store per name, each whole (its first credential and its health key)
    for (const n of [a, b]) {
      const list = await n.admin.keyStores("List", { limit: 1000 });
      expect(list.resources.map((s: { name: string }) => s.name).sort()).toEqual([...names].sort());
      for (const s of list.resources) {
        const creds = await n.admin.credentials("List", { custom_key_store_id: s.id });
        expect(creds.total).toBe(1);
        expect((await n.admin.sourceKeys("Get", { id: s.local_hosted_params.health_check_key_id })).id).toBe(s.local_hosted_params.health_check_key_id);
      }
    }
  }, 90_000);

  it("PostgreSQL stopped under load: no XKS request fails; admin writes are UNAVAILABLE naming the database; after its start writes work on every node, B and C catch up, queued audit records are written", async () => {
    const url = await freshDb();
    const nodes = (await startFleet(cluster(), url, space, 3)) as [FleetNodeProcess, FleetNodeProcess, FleetNodeProcess];
    const [a, b, c] = nodes;
    const p = await provision(a);
    for (const n of [b, c]) await until("the node serves the new store", async () => (await encrypt(n, p)).status === 200);
    // failure records are audited whatever the store's success-audit setting: one deliberate
    // failure per node before and during the outage, identified by its kmsRequestId
    const markers: string[] = [];
    const failOn = async (n: FleetNodeProcess) => {
      const enc = await encrypt(n, p);
      expect(enc.status).toBe(200);
      const m = meta("Decrypt");
      const bad = await decrypt(n, p, { ...enc, json: { ...enc.json, authenticationTag: randomBytes(16).toString("base64") } }, p.cred, m);
      expect(bad.json.errorName).toBe("InvalidCiphertextException");
      markers.push(m.kmsRequestId);
    };
    for (const n of nodes) await failOn(n);
    expect(nodes.filter(runsRetention)).toHaveLength(1);
    const auditedFailures = async () =>
      ((await a.admin.audit("List", { key_store_id: p.storeId, kind: "xks", outcome: "failure", limit: 100 })).resources as { kms_request_id: string }[]).map((r) => r.kms_request_id).sort();
    await until("the failures before the outage are audited", async () => (await auditedFailures()).length === 3);

    const load = drive(nodes, p);
    await load.more(3);
    await cluster().stop();
    try {
      for (const n of nodes) {
        await until("the node reports its store down", async () => /^xks_store_up\{engine="postgres"\} 0$/m.test(await metricsText(n)));
        expect(await healthStatus(n, "xks.admin.v1.KeyStoreService")).toBe(2); // NOT_SERVING
        const err = await grpcCode(n.admin.keyStores("Create", { name: "while-down", kms: "111122223333", region: "us-east-1" }));
        expect(grpc.status[err.code], err.details).toBe("UNAVAILABLE");
        expect(err.details).toMatch(/database .*127\.0\.0\.1.* is unavailable/);
        expect(err.details).not.toContain(cluster().password);
      }
      // the retention lease ended with its database session
      await until("no node runs audit retention", () => nodes.filter(runsRetention).length === 0, LOCK_PING_MS + 5000);
      // the data plane keeps answering from memory, on every node, for a while into the outage
      await load.more(5);
      for (const n of nodes) await failOn(n);
    } finally {
      await cluster().start();
    }

    for (const [i, n] of nodes.entries()) {
      await until(`node ${i} accepts admin writes again`, async () => {
        try {
          await n.admin.sourceKeys("Create", { name: `after-${i}` });
          return true;
        } catch (e) {
          expect(grpc.status[(e as grpc.ServiceError).code]).toBe("UNAVAILABLE");
          return false;
        }
      }, 20_000);
    }
    // the fleet counts itself again, and the retention lease (its session ended with the server) is held by one node again
    for (const n of nodes) await until("three live nodes", async () => (await fleetSize(n, p)) === 3);
    await until("one node runs audit retention again", () => nodes.filter(runsRetention).length === 1, TIMEOUT_MS + LOCK_PING_MS + 5000);
    for (const n of nodes) {
      await until("the node reports its store up", async () => /^xks_store_up\{engine="postgres"\} 1$/m.test(await metricsText(n)));
      expect(await healthStatus(n, "xks.admin.v1.KeyStoreService")).toBe(1);
    }
    // a change on A after the outage is served by B and C
    const sk = await a.admin.sourceKeys("Create", {});
    const hk = await a.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: p.storeId, source_key_id: sk.id } });
    for (const n of [b, c]) await until("the node serves the key made after the outage", async () => (await encrypt(n, p, p.cred, hk.id)).status === 200, 5000);
    const stats = await load.stop();
    expect(stats.flatMap((s) => s.failures)).toEqual([]);
    expect(stats.every((s) => s.ok > 0)).toBe(true);
    // the records of the failures during the outage were held and written once the database was back
    await until("the failures during the outage are audited", async () => (await auditedFailures()).length >= 6, 10_000);
    expect(await auditedFailures()).toEqual([...markers].sort());
    // the nodes logged the outage without the database password
    for (const n of nodes) {
      expect(n.output()).toContain('"msg":"store unreachable: XKS requests are served from memory, admin calls fail until it is back"');
      expect(n.output()).not.toContain(cluster().password);
    }
  }, 90_000);

  it("a node killed with -9 under load: the others fail nothing, the fleet size drops after the timeout, a new node joins", async () => {
    const url = await freshDb();
    const [a, b, c] = (await startFleet(cluster(), url, space, 3)) as [FleetNodeProcess, FleetNodeProcess, FleetNodeProcess];
    const p = await provision(a);
    await until("C serves", async () => (await encrypt(c, p)).status === 200);
    for (const n of [a, b]) await until("three live nodes", async () => (await fleetSize(n, p)) === 3);

    const load = drive([a, b], p);
    await load.more(3);
    const killedAt = performance.now();
    c.child.kill("SIGKILL");
    await c.exited;
    await until("A and B count two live nodes", async () => (await fleetSize(a, p)) === 2 && (await fleetSize(b, p)) === 2, 10_000);
    const dropMs = performance.now() - killedAt;
    const list = await b.admin.fleet("List", {});
    expect(list.live).toBe(2);
    expect(list.nodes.filter((n: { live: boolean }) => !n.live)).toHaveLength(1);

    const joinFrom = performance.now();
    const d = await startNode(cluster(), url, space, a.dataDir);
    const startedMs = performance.now() - joinFrom;
    for (const n of [a, b, d]) await until("three live nodes again", async () => (await fleetSize(n, p)) === 3);
    const joinMs = performance.now() - joinFrom;
    expect((await d.admin.fleet("List", {})).live).toBe(3);
    expect((await encrypt(d, p)).status).toBe(200);
    await load.more(3);
    const stats = await load.stop();

    console.log(`fleet-resilience: fleet size dropped ${dropMs.toFixed(0)} ms after the kill (timeout ${TIMEOUT_MS} ms); the new node started in ${startedMs.toFixed(0)} ms and was counted by all ${joinMs.toFixed(0)} ms after its launch`);
    expect(stats.flatMap((s) => s.failures)).toEqual([]);
    expect(stats.every((s) => s.ok > 0)).toBe(true);
    // the dead node leaves the count once silent for the timeout, at the next heartbeats after it
    expect(dropMs).toBeLessThan(TIMEOUT_MS + 2000);
  }, 90_000);

  it("the node taking admin writes killed with -9 mid-stream: every acknowledged write is there, none half-done", async () => {
    const url = await freshDb();
    const [a, b] = (await startFleet(cluster(), url, space, 2)) as [FleetNodeProcess, FleetNodeProcess];
    const acked = new Map<string, string>();
    let next = 0;
    let killed = false;
    // two writers, so a write is in flight when the node dies
    const writers = Array.from({ length: 2 }, async () => {
      for (;;) {
        const name = `w-${next++}`;
        try {
          const ks = await a.admin.keyStores("Create", { name, kms: "111122223333", region: "us-east-1" });
          acked.set(name, ks.id);
        } catch (e) {
          if (!killed) throw e;
          return;
        }
        if (acked.size >= 15 && !killed) {
          killed = true;
          a.child.kill("SIGKILL");
        }
      }
    });
    await Promise.all(writers);
    await a.exited;
    const sent = next;

    const list = (await b.admin.keyStores("List", { limit: 1000 })).resources as { id: string; name: string; local_hosted_params: { health_check_key_id: string } }[];
    for (const [name, id] of acked) expect(list.find((s) => s.id === id)?.name, name).toBe(name);
    // beyond the acknowledged ones at most the writes in flight at the kill may have landed
    expect(list.length).toBeGreaterThanOrEqual(acked.size);
    expect(list.length).toBeLessThanOrEqual(sent);
    for (const s of list) {
      expect((await b.admin.credentials("List", { custom_key_store_id: s.id })).total, s.name).toBe(1);
      expect((await b.admin.sourceKeys("Get", { id: s.local_hosted_params.health_check_key_id })).id).toBe(s.local_hosted_params.health_check_key_id);
    }
    // the survivor keeps writing
    expect((await b.admin.keyStores("Create", { name: "after-kill", kms: "111122223333", region: "us-east-1" })).name).toBe("after-kill");
  }, 90_000);

  it("a node started while PostgreSQL is down retries, answers /readyz 503, then loads the state and serves once it is up", async () => {
    const url = await freshDb();
    const [a] = (await startFleet(cluster(), url, space, 1)) as [FleetNodeProcess];
    const p = await provision(a);
    await cluster().stop();
    let n!: FleetNodeProcess;
    try {
      n = await launchNode(cluster(), url, space, a.dataDir);
      await until("the node says it retries", () => n.output().includes('"msg":"database unavailable; retrying"'));
      expect(await readyz(n)).toBe(503);
      expect(n.output()).not.toContain('"msg":"xks-proxy started"');
      expect(n.output()).not.toContain(cluster().password);
    } finally {
      await cluster().start();
    }
    await until("the node starts", () => n.output().includes('"msg":"xks-proxy started"'), 30_000);
    await until("/readyz 200", async () => (await readyz(n)) === 200);
    expect((await encrypt(n, p)).status).toBe(200);
    expect((await n.admin.keyStores("Get", { id: p.storeId })).id).toBe(p.storeId);
  }, 90_000);

  it("audit retention runs on one node; killed with -9, another takes it over within timeout + lock ping", async () => {
    const url = await freshDb();
    const nodes = await startFleet(cluster(), url, space, 3);
    const runners = () => nodes.filter(runsRetention);
    // every node tried once during its start: only one got the lock
    expect(runners()).toHaveLength(1);
    const holder = runners()[0]!;
    const killedAt = performance.now();
    holder.child.kill("SIGKILL");
    await holder.exited;
    await until("another node takes over", () => runners().filter((n) => n !== holder).length === 1, TIMEOUT_MS + LOCK_PING_MS + 5000);
    const takeoverMs = performance.now() - killedAt;
    console.log(`fleet-resilience: audit retention taken over ${takeoverMs.toFixed(0)} ms after the kill`);
    expect(takeoverMs).toBeLessThan(TIMEOUT_MS + LOCK_PING_MS);
    expect(runners().filter((n) => n !== holder)).toHaveLength(1);
  }, 90_000);
});
