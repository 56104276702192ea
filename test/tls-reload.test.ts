/**
 * SIGHUP reloads TLS certificates and keys without a restart, on real daemon processes: a renewed
 * certificate (new serial) is served to new connections of the data plane (node transport) and
 * the admin API, while a keep-alive connection opened before keeps working; a broken file keeps
 * the certificate in use and is named in the log; uWS keeps its certificate and says so; SIGHUP
 * never ends the daemon, with TLS or without.
 */
import { execFile } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { get as httpGet } from "node:http";
import { Agent, get } from "node:https";
import { connect, type TLSSocket } from "node:tls";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { certDir } from "./helpers/certs.js";
import { UWS_LOADS } from "./helpers/daemon.js";
import { eventually } from "./helpers/eventually.js";
import { scratch, spawnDaemon, type DaemonProcess } from "./helpers/process.js";

const s = scratch("xks-tls-reload-");
const { file, makeServer, makeCa, makeClient } = certDir("xks-tls-reload-certs-");
makeServer("first", "0A");
makeServer("renewed", "0B");
makeCa("client-ca");
makeClient("kms", "cks.kms.us-east-1.amazonaws.com", "client-ca");
const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

/** `admin keystore list` through the built CLI over TLS, trusting `caFile`: its exit code. */
function adminList(d: DaemonProcess, caFile: string): Promise<number> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, "admin", "keystore", "list", "--address", `127.0.0.1:${d.adminPort}`, "--ca-file", caFile], { env: { PATH: process.env.PATH, XKS_ADMIN_TOKEN: d.token }, timeout: 20_000 }, () =>
      resolve(child.exitCode ?? 1),
    );
  });
}

/** Puts `name`'s certificate and key where the daemon's config points. */
function install(name: string): void {
  copyFileSync(file(`${name}.pem`), file("live.pem"));
  copyFileSync(file(`${name}.key`), file("live.key"));
}

const tlsFiles = { certFile: file("live.pem"), keyFile: file("live.key") };

/** The serial of the certificate a new TLS connection gets (`h2`: as a gRPC client asks; `client`: presenting that certificate). */
function serialOf(port: number, h2 = false, client?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const clientCert = client ? { cert: readFileSync(file(`${client}.pem`)), key: readFileSync(file(`${client}.key`)) } : {};
    const sock = connect({ host: "127.0.0.1", port, rejectUnauthorized: false, ...clientCert, ...(h2 ? { ALPNProtocols: ["h2"] } : {}) }, () => {
      resolve(sock.getPeerCertificate().serialNumber);
      sock.destroy();
    });
    sock.on("error", reject);
  });
}

/** GET /ping through `agent`: the answer, the connection it came over and that connection's certificate serial. */
function ping(port: number, agent: Agent): Promise<{ status: number; body: string; socket: TLSSocket; serial: string }> {
  return new Promise((resolve, reject) => {
    get({ host: "127.0.0.1", port, path: "/ping", agent }, (res) => {
      // taken now: the agent detaches the socket from the response once it ends
      const socket = res.socket as TLSSocket;
      const serial = socket.getPeerCertificate().serialNumber;
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, socket, serial }));
    }).on("error", reject);
  });
}

async function hangUp(d: DaemonProcess, expectLine: string, count = 1): Promise<void> {
  d.child.kill("SIGHUP");
  await eventually(() => expect(d.output().split(expectLine).length - 1).toBeGreaterThanOrEqual(count), 10_000);
}

async function stopsCleanly(d: DaemonProcess): Promise<void> {
  expect(d.child.exitCode).toBeNull();
  d.child.kill("SIGTERM");
  expect(await d.exited).toEqual({ code: 0, signal: null });
}

describe("SIGHUP reloads TLS certificates", () => {
  it("node transport and admin API: new connections get the renewed certificate, an open keep-alive connection keeps working; a broken file keeps the one in use", async () => {
    install("first");
    const d = await spawnDaemon(s.dataDir(), { xks: { transport: "node", tls: tlsFiles }, admin: { tls: tlsFiles } });
    s.procs.push(d);
    expect(await serialOf(d.xksPort)).toBe("0A");
    expect(await serialOf(d.adminPort, true)).toBe("0A");
    const agent = new Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false });
    try {
      const before = await ping(d.xksPort, agent);
      expect(before).toMatchObject({ body: "ok", serial: "0A" });

      install("renewed");
      await hangUp(d, '"msg":"admin API TLS certificates reloaded');
      expect(d.output()).toMatch(/"msg":"XKS data plane TLS certificates reloaded: new connections get them".*"serial":"0B"/);
      expect(await serialOf(d.xksPort)).toBe("0B");
      expect(await serialOf(d.adminPort, true)).toBe("0B");
      // gRPC over the renewed certificate: a client trusting only it is served
      expect(await adminList(d, file("renewed.pem"))).toBe(0);

      // the connection opened before the reload: same socket, still served, still the old certificate
      const after = await ping(d.xksPort, agent);
      expect(after).toMatchObject({ status: 200, body: "ok" });
      expect(after.socket).toBe(before.socket);
      expect(after.serial).toBe("0A");

      // a file that is no certificate, then a key that does not match: named, and 0B stays
      writeFileSync(file("live.pem"), "not a certificate\n");
      await hangUp(d, `TLS certificate file ${file("live.pem")} does not hold a PEM certificate`, 2);
      expect(d.output()).toMatch(/"level":"error","msg":"XKS data plane TLS certificates not reloaded: the ones in use stay"/);
      copyFileSync(file("first.pem"), file("live.pem"));
      await hangUp(d, `TLS private key file ${file("live.key")} does not match the certificate in ${file("live.pem")}`, 2);
      expect(await serialOf(d.xksPort)).toBe("0B");
      expect(await serialOf(d.adminPort, true)).toBe("0B");
      expect((await ping(d.xksPort, agent)).body).toBe("ok");
    } finally {
      agent.destroy();
    }
    await stopsCleanly(d);
  });

  it("mutual TLS (xks.tls.clientAuth): after the reload the client certificate is still required and checked", async () => {
    install("first");
    const d = await spawnDaemon(s.dataDir(), { xks: { transport: "node", tls: { ...tlsFiles, clientAuth: { caFile: file("client-ca.pem"), subjects: ["cks.kms.us-east-1.amazonaws.com"] } } } });
    s.procs.push(d);
    expect(await serialOf(d.xksPort, false, "kms")).toBe("0A");
    install("renewed");
    await hangUp(d, '"msg":"XKS data plane TLS certificates reloaded');
    expect(await serialOf(d.xksPort, false, "kms")).toBe("0B");
    // served, not only handshaken (TLS 1.3 checks the client certificate after the client's handshake ends)
    const agent = new Agent({ rejectUnauthorized: false, cert: readFileSync(file("kms.pem")), key: readFileSync(file("kms.key")) });
    try {
      expect(await ping(d.xksPort, agent)).toMatchObject({ status: 200, body: "ok", serial: "0B" });
    } finally {
      agent.destroy();
    }
    // TLS 1.3 reports the refusal after the handshake: the connection ends before any byte
    const refused = await new Promise<string>((resolve) => {
      const sock = connect({ host: "127.0.0.1", port: d.xksPort, rejectUnauthorized: false }, () => sock.write("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"));
      let got = "";
      sock.on("data", (c: Buffer) => (got += c.toString()));
      sock.on("error", (e: NodeJS.ErrnoException) => resolve(`error ${e.code ?? e.message}`));
      sock.on("close", () => resolve(got === "" ? "closed without an answer" : got));
    });
    expect(refused).toMatch(/^(error|closed without an answer)/);
    await stopsCleanly(d);
  });

  // uWS has no binary for Node 22/24 (README "Node.js versions"): there, nothing to test
  it.skipIf(!UWS_LOADS)("uWS transport: the certificate in use stays until a restart, the log says so, the daemon runs on", async () => {
    install("first");
    const d = await spawnDaemon(s.dataDir(), { xks: { transport: "uws", tls: tlsFiles } });
    s.procs.push(d);
    install("renewed");
    await hangUp(d, "the uWS transport keeps its certificate until a restart");
    expect(await serialOf(d.xksPort)).toBe("0A");
    await stopsCleanly(d);
  });

  it("without TLS: SIGHUP, again and again, never ends the daemon", async () => {
    const d = await spawnDaemon(s.dataDir());
    s.procs.push(d);
    await hangUp(d, "SIGHUP: no TLS is configured, nothing to reload");
    await hangUp(d, "SIGHUP: no TLS is configured, nothing to reload", 2);
    const body = await new Promise<string>((resolve, reject) => {
      httpGet({ host: "127.0.0.1", port: d.xksPort, path: "/ping", agent: false }, (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve(text));
      }).on("error", reject);
    });
    expect(body).toBe("ok");
    await stopsCleanly(d);
  });
});
