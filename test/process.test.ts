/**
 * The daemon as an operator runs it: a child process. SIGTERM drains in-flight requests and exits
 * 0; kill -9 in the middle of admin writes and load loses no acknowledged admin change.
 */
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { adminClient } from "./helpers/admin-client.js";
import { meta } from "./helpers/dataplane-suite.js";
import { TRANSPORTS } from "./helpers/daemon.js";
import { type DaemonProcess, scratch, spawnDaemon } from "./helpers/process.js";
import { KeepAlive } from "./helpers/raw-http.js";
import { signedPost } from "./helpers/sign.js";
import { buildShim } from "../native-bench/shim/shim.mjs";
import { softhsm } from "./setup/softhsm.js";

const { dataDir, procs } = scratch("xks-proc-");

async function provision(p: DaemonProcess) {
  const admin = adminClient(p.adminPort, p.token);
  const ks = await admin.keyStores("Create", { name: `s-${randomBytes(3).toString("hex")}`, kms: "111122223333", region: "us-east-1", local_hosted_params: { rate_limit: { requests_per_second: 100000, burst: 100000 } } });
  const sk = await admin.sourceKeys("Create", {});
  const hk = await admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks.id, source_key_id: sk.id } });
  return { admin, ks, path: `${ks.aws_param.xks_proxy_uri_path}/keys/${hk.id}/encrypt`, cred: { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key } };
}

describe("daemon process lifecycle", () => {
  for (const transport of TRANSPORTS) {
    it(`SIGTERM: stops accepting, finishes in-flight requests, exits 0 (${transport} transport)`, async () => {
      const p = await spawnDaemon(dataDir(), { xks: { transport } });
      procs.push(p);
      const { admin, path, cred } = await provision(p);
      admin.close();
      const body = () => ({ requestMetadata: meta("Encrypt"), plaintext: randomBytes(32).toString("base64"), encryptionAlgorithm: "AES_GCM" });
      const inflight = Array.from({ length: 50 }, () => signedPost(p.xksPort, path, body(), cred));
      await Promise.race(inflight); // the load is flowing
      p.child.kill("SIGTERM");
      const answers = await Promise.allSettled(inflight);
      expect(answers.filter((a) => a.status === "fulfilled").length).toBeGreaterThan(0);
      const exit = await p.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      // every request completed, was refused (429) or was refused at the socket: never a broken answer
      for (const a of answers) {
        // answered normally, or - arriving after SIGTERM - refused with 429 so AWS KMS retries elsewhere
        if (a.status === "fulfilled") expect([`${a.value.status}`, `${a.value.status} ${a.value.json.errorName}`]).toContain(a.value.status === 200 ? "200" : "429 ThrottlingException");
        else expect(String((a.reason as NodeJS.ErrnoException).code)).toMatch(/ECONNREFUSED|ECONNRESET|EPIPE/);
      }
      expect(p.output()).toContain("xks-proxy stopped");
    });

    it(`a client that left in the middle of its body does not hold up shutdown (${transport} transport)`, async () => {
      const p = await spawnDaemon(dataDir(), { xks: { transport } });
      procs.push(p);
      const { admin, path } = await provision(p);
      admin.close();
      const sock = connect(p.xksPort, "127.0.0.1");
      await new Promise((r) => sock.once("connect", r));
      sock.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"requestMetadata":`);
      await new Promise((r) => setTimeout(r, 100));
      sock.destroy();
      await new Promise((r) => setTimeout(r, 100));
      const t0 = Date.now();
      p.child.kill("SIGTERM");
      expect(await p.exited).toEqual({ code: 0, signal: null });
      expect(Date.now() - t0).toBeLessThan(5_000); // the drain waits up to 10 s for requests in flight
    });

    it(`SIGTERM with HSM calls in flight: each one the HSM is working on is answered 200 before exit 0 (${transport} transport)`, async () => {
      const env = softhsm();
      const p = await spawnDaemon(
        dataDir(),
        { xks: { requestTimeoutMs: 250, transport }, pkcs11: { modulePath: buildShim(), partitions: [{ label: env.tokens[0], pinEnv: "XKS_TEST_HSM_PIN", sessions: 8 }] } },
        // 2 slow calls per encrypt: ~60 ms of HSM work, 190 ms inside the deadline (a loaded CI box
        // once took a 100 ms call past a 200 ms deadline: a rightful 503, but not what this tests)
        { XKS_TEST_HSM_PIN: env.pin, XKS_SHIM_TARGET: env.module, XKS_SHIM_LATENCY_US: "30000" },
      );
      procs.push(p);
      const admin = adminClient(p.adminPort, p.token);
      const ks = await admin.keyStores("Create", { name: "drain", kms: "111122223333", region: "us-east-1", local_hosted_params: { partition_id: env.tokens[0] } });
      const sk = await admin.sourceKeys("Create", { partition_id: env.tokens[0], label: `drain-${randomBytes(4).toString("hex")}` });
      const hk = await admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks.id, source_key_id: sk.id } });
      admin.close();
      const cred = { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key };
      const path = `${ks.aws_param.xks_proxy_uri_path}/keys/${hk.id}/encrypt`;
      const inflight = Array.from({ length: 8 }, () => signedPost(p.xksPort, path, { requestMetadata: meta("Encrypt"), plaintext: "AAAA", encryptionAlgorithm: "AES_GCM" }, cred));
      // The daemon's own gauge says how many requests the HSM holds; a request that has not reached
      // the daemon by SIGTERM is rightly refused (429), so the count is read rather than assumed.
      // SIGTERM goes out right after a reading with all 8 busy, or with the count holding steady.
      let busy = 0;
      for (let before = -1, until = Date.now() + 2_000; Date.now() < until; before = busy) {
        const text = await (await fetch(`http://127.0.0.1:${p.metricsPort}/metrics`)).text();
        busy = [...text.matchAll(/^xks_backend_sessions_in_use\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
        if (busy === 8 || (busy > 0 && busy === before)) break;
      }
      expect(busy).toBeGreaterThan(0);
      p.child.kill("SIGTERM");
      const statuses = (await Promise.all(inflight)).map((a) => (a.status === 200 ? "200" : `${a.status} ${a.json.errorName}`));
      expect(statuses.filter((s) => s === "200").length).toBeGreaterThanOrEqual(busy);
      for (const s of statuses) expect(["200", "429 ThrottlingException"]).toContain(s);
      expect(await p.exited).toEqual({ code: 0, signal: null });
    });
  }

  it("node transport: SIGTERM closes idle keep-alive connections, so the exit does not wait for them", async () => {
    const p = await spawnDaemon(dataDir(), { xks: { transport: "node" } });
    procs.push(p);
    const ka = new KeepAlive(p.xksPort);
    await ka.ready;
    expect((await ka.get("/ping")).status).toBe(200);
    const t0 = Date.now();
    p.child.kill("SIGTERM");
    await ka.closed;
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - t0).toBeLessThan(5_000); // uWS leaves them to its 10 s idle timeout
  });

  it("xks.nice: the data-plane threads take the configured priority; without the privilege for it, startup fails and says why", async () => {
    const niceOf = (pid: number, tid: string) => Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8").split(") ")[1]!.split(" ")[16]);
    if (process.getuid?.() === 0) {
      const p = await spawnDaemon(dataDir(), { xks: { threads: 2, nice: -5 } });
      procs.push(p);
      const pid = p.child.pid!;
      const tids = readdirSync(`/proc/${pid}/task`);
      expect(tids.filter((t) => niceOf(pid, t) === -5).length).toBeGreaterThanOrEqual(2); // one per data-plane thread
      expect(niceOf(pid, String(pid))).toBe(0); // the main thread keeps the process's priority
      const { admin, path, cred } = await provision(p);
      admin.close();
      const r = await signedPost(p.xksPort, path, { requestMetadata: meta("Encrypt"), plaintext: "AAAA", encryptionAlgorithm: "AES_GCM" }, cred);
      expect(r.status).toBe(200);
    }
    // Without CAP_SYS_NICE (dropped from the bounding set, so even root lacks it) the daemon must not start.
    const failed = await spawnDaemon(dataDir(), { xks: { nice: -5 } }, {}, ["setpriv", "--bounding-set", "-sys_nice"]).then(
      (p) => (procs.push(p), "started"),
      (e: Error) => e.message,
    );
    expect(failed).toContain("xks.nice -5 could not be applied to a data-plane thread");
    expect(failed).toContain("needs root or CAP_SYS_NICE");
  });

  it("the soft open-file limit is raised to the hard limit at start, and the daemon says so", async () => {
    const p = await spawnDaemon(dataDir(), {}, {}, ["prlimit", "--nofile=256:4096"]);
    procs.push(p);
    const limits = readFileSync(`/proc/${p.child.pid}/limits`, "utf8");
    expect(limits).toMatch(/^Max open files\s+4096\s+4096\s+files/m);
    expect(p.output()).toMatch(/"msg":"open-file limit","soft":4096,"hard":4096/);
    p.child.kill("SIGTERM");
    expect((await p.exited).code).toBe(0);
  });

  it("kill -9 during admin writes and load: SQLite is consistent and every acknowledged change survives", async () => {
    const dir = dataDir();
    const p = await spawnDaemon(dir);
    procs.push(p);
    const { admin, ks, path, cred } = await provision(p);
    const acknowledged: string[] = [];
    let writing = true;
    const writer = (async () => {
      while (writing) {
        try {
          const sk = await admin.sourceKeys("Create", { label: `k-${acknowledged.length}` });
          acknowledged.push(sk.id as string);
        } catch {
          break; // the daemon died under us: this write was never acknowledged
        }
      }
    })();
    const load = (async () => {
      while (writing) {
        const r = await signedPost(p.xksPort, path, { requestMetadata: meta("Encrypt"), plaintext: "AAAA", encryptionAlgorithm: "AES_GCM" }, cred).catch(() => undefined);
        if (!r) break;
      }
    })();
    await new Promise((r) => setTimeout(r, 700));
    p.child.kill("SIGKILL");
    writing = false;
    await Promise.all([writer, load, p.exited]);
    admin.close();
    expect(acknowledged.length).toBeGreaterThan(10);

    const db = new Database(join(dir, "xks-proxy.db"), { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();

    const p2 = await spawnDaemon(dir);
    procs.push(p2);
    const admin2 = adminClient(p2.adminPort, p2.token);
    const listed = await admin2.sourceKeys("List", { source_key_tier: "local", limit: 1000 });
    const ids = new Set(listed.resources.map((r: { id: string }) => r.id));
    for (const id of acknowledged) expect(ids.has(id)).toBe(true);
    expect((await admin2.keyStores("Get", { id: ks.id })).id).toBe(ks.id);
    // and the data plane serves the recovered state
    const r = await signedPost(p2.xksPort, path, { requestMetadata: meta("Encrypt"), plaintext: "AAAA", encryptionAlgorithm: "AES_GCM" }, cred);
    expect(r.status).toBe(200);
    admin2.close();
    p2.child.kill("SIGTERM");
    expect((await p2.exited).code).toBe(0);
  });
});
