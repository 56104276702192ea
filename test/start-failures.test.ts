/**
 * Every way a start can fail, with real processes: one daemon per data dir, ports in use, bad TLS
 * files, an unreadable master key, a failure after threads and HSM sessions are up. Each exits 1
 * with one `xks-proxy: ...` line, never a native abort.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { expectRefused, failedStart, freePort, scratch, spawnDaemon } from "./helpers/process.js";
import { softhsm } from "./setup/softhsm.js";

const { root, dataDir, procs } = scratch("xks-sf-");
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function occupy(port: number): Promise<void> {
  const s = createServer();
  servers.push(s);
  await new Promise<void>((resolve) => s.listen(port, "127.0.0.1", resolve));
}

describe("one daemon per data dir", () => {
  it("a second daemon on the same data dir exits 1 naming the dir and the holder's pid; after kill -9 of the holder a new one starts", async () => {
    const dir = dataDir();
    const first = await spawnDaemon(dir);
    procs.push(first);
    const f = await failedStart(dir);
    expectRefused(f, new RegExp(`data dir ${dir} is in use by another xks-proxy daemon \\(pid ${first.child.pid}\\)`));
    expect(readFileSync(join(dir, "daemon.pid"), "utf8").trim()).toBe(String(first.child.pid)); // not overwritten
    first.child.kill("SIGKILL"); // the kernel drops the lock with the process: no stale lock
    await first.exited;
    const next = await spawnDaemon(dir);
    procs.push(next);
    expect(readFileSync(join(dir, "daemon.pid"), "utf8").trim()).toBe(String(next.child.pid));
    next.child.kill("SIGTERM");
    expect((await next.exited).code).toBe(0);
  });
});

describe("ports in use", () => {
  it("admin, metrics or XKS port held by another process: exit 1 naming the part and the port", async () => {
    for (const part of ["admin", "metrics", "xks"] as const) {
      const port = await freePort();
      await occupy(port);
      const what = { admin: "admin API", metrics: "metrics endpoint", xks: "XKS data plane" }[part];
      expectRefused(await failedStart(dataDir(), { [part]: { port } }), new RegExp(`${what} cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use by another process`));
    }
  });

  it("a host that does not resolve or is not local, with port 0 (a free port chosen at start): exit 1 naming the part and host", async () => {
    for (const [part, what] of [["xks", "XKS data plane"], ["admin", "admin API"], ["metrics", "metrics endpoint"]] as const) {
      // admin.insecure: a non-loopback admin host without TLS is refused as a configuration error first
      const insecure = part === "admin" ? { insecure: true } : {};
      expectRefused(await failedStart(dataDir(), { [part]: { host: "no-such-host.invalid", port: 0, ...insecure } }), new RegExp(`^xks-proxy: ${what} cannot listen on no-such-host\\.invalid:0: `));
    }
    expectRefused(await failedStart(dataDir(), { xks: { host: "192.0.2.1", port: 0 } }), /^xks-proxy: XKS data plane cannot listen on 192\.0\.2\.1:0: 192\.0\.2\.1 is not an address of this machine$/);
  });

  it("an XKS port already served by another xks-proxy (another data dir) is refused, not shared through SO_REUSEPORT", async () => {
    const first = await spawnDaemon(dataDir());
    procs.push(first);
    const f = await failedStart(dataDir(), { xks: { port: first.xksPort } });
    expectRefused(f, new RegExp(`XKS data plane cannot listen on 127\\.0\\.0\\.1:${first.xksPort}: the port is in use`));
  });

  it("a port lost after the start-time check (data plane, admin, metrics): what started is stopped, exit 1, no native abort", async () => {
    // Before this change an admin bind failure with the data-plane threads running ended in
    // "uv_loop_close() while having open handles", exit 134. The LD_PRELOAD library lets the
    // daemon's own port check pass (the first bind), then fails the real bind with EADDRINUSE.
    const lib = join(root(), "bind-fault.so");
    execFileSync("cc", ["-shared", "-fPIC", "-O1", "-o", lib, fileURLToPath(new URL("./helpers/bind-fault.c", import.meta.url)), "-ldl"]);
    const cases = [
      { part: "xks", message: (p: number) => `XKS data plane could not listen on 127\\.0\\.0\\.1:${p}` },
      { part: "admin", message: (p: number) => `admin API cannot listen on 127\\.0\\.0\\.1:${p}: the port is in use by another process` },
      { part: "metrics", message: (p: number) => `metrics endpoint cannot listen on 127\\.0\\.0\\.1:${p}: the port is in use by another process` },
    ];
    for (const c of cases) {
      const port = await freePort();
      const dir = dataDir();
      const f = await failedStart(dir, { [c.part]: { port }, xks: { threads: 3, ...(c.part === "xks" ? { port } : {}) } }, { LD_PRELOAD: lib, TEST_BIND_FAULT_PORT: String(port), TEST_BIND_FAULT_AFTER: "1" });
      expectRefused(f, new RegExp(c.message(port)));
      // and everything was let go: the data dir is unlocked, the daemon starts on it
      const p = await spawnDaemon(dir);
      procs.push(p);
      p.child.kill("SIGTERM");
      expect((await p.exited).code).toBe(0);
    }
  });
});

describe("TLS files", () => {
  it("missing, unreadable, non-PEM or mismatched certificate and key files are named before any thread starts", async () => {
    const r = root();
    const [cert, key, otherKey, garbage] = ["cert.pem", "key.pem", "other-key.pem", "garbage.pem"].map((f) => join(r, f));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost"], { stdio: "ignore" });
    execFileSync("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", otherKey], { stdio: "ignore" });
    writeFileSync(garbage, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
    const tls = (certFile: string, keyFile: string) => ({ xks: { tls: { certFile, keyFile } } });
    const missing = join(r, "missing.pem");
    expectRefused(await failedStart(dataDir(), tls(missing, key)), new RegExp(`TLS certificate file ${missing} cannot be read: ENOENT`));
    expectRefused(await failedStart(dataDir(), tls(cert, missing)), new RegExp(`TLS private key file ${missing} cannot be read: ENOENT`));
    expectRefused(await failedStart(dataDir(), tls(r, key)), new RegExp(`TLS certificate file ${r} cannot be read: not a regular file`));
    const fifo = join(r, "fifo.pem");
    execFileSync("mkfifo", [fifo]); // no writer will ever come: the start must not wait for one
    expectRefused(await failedStart(dataDir(), tls(cert, fifo)), new RegExp(`TLS private key file ${fifo} cannot be read: not a regular file`));
    expectRefused(await failedStart(dataDir(), tls(garbage, key)), new RegExp(`TLS certificate file ${garbage} does not hold a PEM certificate`));
    expectRefused(await failedStart(dataDir(), tls(cert, garbage)), new RegExp(`TLS private key file ${garbage} does not hold an unencrypted PEM private key`));
    expectRefused(await failedStart(dataDir(), tls(cert, otherKey)), new RegExp(`TLS private key file ${otherKey} does not match the certificate in ${cert}`));
    const p = await spawnDaemon(dataDir(), tls(cert, key)); // the good pair starts
    procs.push(p);
  });
});

describe("secrets that cannot be read, and failures after HSM sessions are open", () => {
  it("an unreadable master key: exit 1 naming the file", async () => {
    const dir = dataDir();
    const p = await spawnDaemon(dir);
    procs.push(p);
    p.child.kill("SIGTERM");
    await p.exited;
    chmodSync(join(dir, "master.key"), 0o000);
    // root reads any file; without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH it is held to the mode
    const prefix = process.getuid?.() === 0 ? ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] : [];
    expectRefused(await failedStart(dir, {}, {}, prefix), /master key file .*master\.key cannot be opened: EACCES/);
  });

  it("HSM sessions open, then the data plane fails: the partition is closed and the process exits 1 cleanly", async () => {
    const env = softhsm();
    const partition = { pkcs11: { modulePath: env.module, partitions: [{ label: env.tokens[0], pinEnv: "XKS_TEST_HSM_PIN", sessions: 4 }] } };
    const nice = { xks: { nice: -5 } };
    // xks.nice -5 needs CAP_SYS_NICE: without it the first data-plane thread fails after the login
    const f = await failedStart(dataDir(), { ...partition, ...nice }, { XKS_TEST_HSM_PIN: env.pin }, ["setpriv", "--bounding-set", "-sys_nice"]);
    expect(f.output).toContain('"msg":"pkcs11 token ready"');
    expectRefused(f, /xks\.nice -5 could not be applied to a data-plane thread/);
  });

  it("a start failure leaves the data dir unlocked: the next start on it succeeds", async () => {
    const dir = dataDir();
    const port = await freePort();
    await occupy(port);
    expectRefused(await failedStart(dir, { metrics: { port } }), /metrics endpoint cannot listen/);
    const p = await spawnDaemon(dir);
    procs.push(p);
    expect(readFileSync(join(dir, "daemon.pid"), "utf8").trim()).toBe(String(p.child.pid));
  });
});
