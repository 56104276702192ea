/**
 * TLS on the admin plane, with real daemons, the built CLI and certificates this test makes with
 * openssl: server TLS (right CA, wrong CA, plaintext client, TLS 1.2 minimum, token still required),
 * mutual TLS (no client certificate, one from another CA, a good one), a TLS client against a
 * plaintext daemon, and the start refusals (non-loopback admin.host without TLS, bad admin TLS files).
 */
import * as grpc from "@grpc/grpc-js";
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildConfig, ConfigError } from "../src/config/config.js";
import { expectRefused, failedStart, spawnDaemon, type DaemonProcess } from "./helpers/process.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

let dir: string;
const pem = (name: string) => join(dir, name);
const daemons: DaemonProcess[] = [];
let tlsd: DaemonProcess; // server TLS only, started with Node's TLS minimum lowered to 1.0
let mtlsd: DaemonProcess; // mutual TLS
let plaind: DaemonProcess; // no TLS (loopback)

function openssl(...args: string[]): void {
  execFileSync("openssl", args, { stdio: "ignore" });
}

/** A CA, and certificates it issues (P-256: fast to make). */
function makeCa(name: string): void {
  openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", `/CN=${name}`, "-keyout", pem(`${name}.key`), "-out", pem(`${name}.pem`));
}
function issue(name: string, ca: string, ext?: string): void {
  openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", `/CN=${name}`, "-keyout", pem(`${name}.key`), "-out", pem(`${name}.csr`));
  const extArgs = ext ? ["-extfile", pem(`${name}.ext`)] : [];
  if (ext) writeFileSync(pem(`${name}.ext`), `${ext}\n`);
  openssl("x509", "-req", "-in", pem(`${name}.csr`), "-CA", pem(`${ca}.pem`), "-CAkey", pem(`${ca}.key`), "-days", "1", "-out", pem(`${name}.pem`), ...extArgs);
}

interface Run {
  code: number;
  out: string;
  err: string;
}

/** The built CLI, with only PATH and the given variables in its environment. */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, "admin", ...args], { env: { PATH: process.env.PATH, ...env }, cwd: dir, timeout: 20_000 }, (err, out, errText) =>
      resolve({ code: child.exitCode ?? (err ? 1 : 0), out, err: errText }),
    );
  });
}

const list = (d: DaemonProcess, args: string[] = [], env: NodeJS.ProcessEnv = {}) =>
  cli(["keystore", "list", "--address", `127.0.0.1:${d.adminPort}`, "--timeout", "10", ...args], { XKS_ADMIN_TOKEN: d.token, ...env });

function expectListed(r: Run): void {
  expect(r, r.err).toMatchObject({ code: 0, err: "" });
  expect(JSON.parse(r.out)).toMatchObject({ resources: [], total: 0 });
}

function expectFailed(r: Run, message: RegExp): void {
  expect(r.code, r.err).toBe(1);
  expect(r.out).toBe("");
  const lines = r.err.trimEnd().split("\n");
  expect(lines, r.err).toHaveLength(1);
  expect(lines[0]).toMatch(message);
}

/** KeyStoreService.List over TLS with the given metadata: the gRPC status code. */
function rawList(port: number, creds: grpc.ChannelCredentials, md: grpc.Metadata): Promise<grpc.status> {
  const client = new grpc.Client(`localhost:${port}`, creds);
  return new Promise<grpc.status>((resolve) =>
    client.makeUnaryRequest("/xks.admin.v1.KeyStoreService/List", (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), md, { deadline: Date.now() + 10_000 }, (err) =>
      resolve(err ? err.code : grpc.status.OK),
    ),
  ).finally(() => client.close());
}

const tlsConfig = (clientCa?: string) => ({ certFile: pem("server.pem"), keyFile: pem("server.key"), ...(clientCa ? { clientCaFile: pem(clientCa) } : {}) });

function newDataDir(): string {
  const d = join(dir, `data-${Math.random().toString(36).slice(2)}`);
  mkdirSync(d);
  return d;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "xks-admintls-"));
  makeCa("ca");
  makeCa("otherca");
  issue("server", "ca", "subjectAltName=IP:127.0.0.1,DNS:localhost");
  issue("client", "ca");
  issue("stranger", "otherca");
  [tlsd, mtlsd, plaind] = await Promise.all([
    spawnDaemon(newDataDir(), { admin: { tls: tlsConfig() } }, { NODE_OPTIONS: "--tls-min-v1.0" }),
    spawnDaemon(newDataDir(), { admin: { tls: tlsConfig("ca.pem") } }),
    spawnDaemon(newDataDir()),
  ]);
  daemons.push(tlsd, mtlsd, plaind);
}, 60_000);

afterAll(async () => {
  await Promise.all(
    daemons.map((d) => {
      d.child.kill("SIGTERM");
      return d.exited;
    }),
  );
  rmSync(dir, { recursive: true, force: true });
});

describe("admin API over TLS", () => {
  it("the start line says which TLS the admin API speaks", () => {
    expect(tlsd.output()).toMatch(/"msg":"xks-proxy started".*"adminTls":"server"/);
    expect(mtlsd.output()).toMatch(/"msg":"xks-proxy started".*"adminTls":"mutual"/);
    expect(plaind.output()).toMatch(/"msg":"xks-proxy started".*"adminTls":"off"/);
  });

  it("the CLI with the CA that issued the daemon's certificate works (flag or XKS_ADMIN_CA_FILE, by IP or by name), without a deprecation line", async () => {
    expectListed(await list(tlsd, ["--ca-file", pem("ca.pem")]));
    expectListed(await list(tlsd, [], { XKS_ADMIN_CA_FILE: pem("ca.pem") }));
    expectListed(await cli(["keystore", "list", "--address", `localhost:${tlsd.adminPort}`, "--ca-file", pem("ca.pem")], { XKS_ADMIN_TOKEN: tlsd.token }));
  });

  it("a CA that did not issue the daemon's certificate: refused, one line naming the address and the CA, exit 1", async () => {
    expectFailed(
      await list(tlsd, ["--ca-file", pem("otherca.pem")]),
      new RegExp(
        `^xks-proxy: the admin API at 127\\.0\\.0\\.1:${tlsd.adminPort} presented a TLS certificate the CLI does not trust \\(unable to verify the first certificate\\) — is --ca-file the CA that issued the daemon's admin\\.tls certificate, and does that certificate name 127\\.0\\.0\\.1\\?$`,
      ),
    );
  });

  it("a plaintext client against the TLS daemon: refused, the message points at --ca-file", async () => {
    expectFailed(await list(tlsd), new RegExp(`^xks-proxy: the admin API at 127\\.0\\.0\\.1:${tlsd.adminPort} closed the connection — if its admin\\.tls is set, it speaks only TLS: pass --ca-file$`));
  });

  it("a TLS client against a plaintext daemon: refused, the message says it does not speak TLS", async () => {
    expectFailed(
      await list(plaind, ["--ca-file", pem("ca.pem")]),
      new RegExp(`^xks-proxy: the admin API at 127\\.0\\.0\\.1:${plaind.adminPort} does not speak TLS \\(wrong version number\\) — is admin\\.tls set on the daemon\\? Without it, call it without --ca-file$`),
    );
  });

  it("the bearer token is still required over TLS", async () => {
    const creds = grpc.credentials.createSsl(readFileSync(pem("ca.pem")));
    expect(await rawList(tlsd.adminPort, creds, new grpc.Metadata())).toBe(grpc.status.UNAUTHENTICATED);
    const r = await list(tlsd, ["--ca-file", pem("ca.pem")], { XKS_ADMIN_TOKEN: "not-the-token-0123456789" });
    expectFailed(r, /^xks-proxy: the admin API refused the token read from the environment variable XKS_ADMIN_TOKEN \(UNAUTHENTICATED/);
  });

  it("TLS 1.2 at least, even with Node's default lowered to 1.0 (NODE_OPTIONS=--tls-min-v1.0): a TLS 1.1 client gets a protocol-version alert", async () => {
    const attempt = (maxVersion: "TLSv1.1" | "TLSv1.2") =>
      new Promise<string>((resolve) => {
        const s = connect({ host: "127.0.0.1", port: tlsd.adminPort, servername: "localhost", ca: readFileSync(pem("ca.pem")), minVersion: "TLSv1", maxVersion, ciphers: "DEFAULT@SECLEVEL=0", ALPNProtocols: ["h2"] }, () => {
          resolve(s.getProtocol() ?? "none");
          s.destroy();
        });
        s.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      });
    expect(await attempt("TLSv1.1")).toBe("ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION");
    expect(await attempt("TLSv1.2")).toBe("TLSv1.2");
  });

  it("client-side mistakes are usage errors (exit 2) before any connection", async () => {
    const r1 = await list(tlsd, ["--cert", pem("client.pem"), "--key", pem("client.key")]);
    expect(r1).toMatchObject({ code: 2, err: "xks-proxy: --cert and --key need --ca-file (or XKS_ADMIN_CA_FILE): without it the CLI speaks plaintext\n" });
    const r2 = await list(tlsd, ["--ca-file", pem("ca.pem"), "--cert", pem("client.pem")]);
    expect(r2).toMatchObject({ code: 2, err: "xks-proxy: --cert (or XKS_ADMIN_CERT_FILE) needs --key: a client certificate goes with its private key\n" });
    const r3 = await list(tlsd, ["--ca-file", pem("missing.pem")]);
    expect(r3).toMatchObject({ code: 2, err: `xks-proxy: cannot read the CA file ${pem("missing.pem")}: ENOENT\n` });
  });
});

describe("mutual TLS on the admin API", () => {
  // With TLS 1.3 the server refuses a client certificate after the client has finished its side
  // of the handshake: the client then reads either the server's alert or the reset connection.
  const refused = (port: number) => `^xks-proxy: the admin API at 127\\.0\\.0\\.1:${port} (refused the TLS connection \\([a-z0-9 ]*alert [a-z ]+\\)|closed the connection during the TLS handshake) — `;

  it("no client certificate: refused, the message asks for --cert and --key", async () => {
    expectFailed(await list(mtlsd, ["--ca-file", pem("ca.pem")]), new RegExp(`${refused(mtlsd.adminPort)}.*pass --cert and --key issued by the CA of its admin\\.tls\\.clientCaFile$`));
  });

  it("a client certificate from another CA: refused", async () => {
    const r = await list(mtlsd, ["--ca-file", pem("ca.pem"), "--cert", pem("stranger.pem"), "--key", pem("stranger.key")]);
    expectFailed(r, new RegExp(`${refused(mtlsd.adminPort)}.*(client certificate ${pem("stranger.pem")}|admin\\.tls\\.clientCaFile)`));
  });

  it("the client CA's certificate works (flags or XKS_ADMIN_* variables); without the token it is still UNAUTHENTICATED", async () => {
    expectListed(await list(mtlsd, ["--ca-file", pem("ca.pem"), "--cert", pem("client.pem"), "--key", pem("client.key")]));
    expectListed(await list(mtlsd, [], { XKS_ADMIN_CA_FILE: pem("ca.pem"), XKS_ADMIN_CERT_FILE: pem("client.pem"), XKS_ADMIN_KEY_FILE: pem("client.key") }));
    const creds = grpc.credentials.createSsl(readFileSync(pem("ca.pem")), readFileSync(pem("client.key")), readFileSync(pem("client.pem")));
    expect(await rawList(mtlsd.adminPort, creds, new grpc.Metadata())).toBe(grpc.status.UNAUTHENTICATED);
    const md = new grpc.Metadata();
    md.set("authorization", `Bearer ${mtlsd.token}`);
    expect(await rawList(mtlsd.adminPort, creds, md)).toBe(grpc.status.OK);
  });
});

describe("admin TLS at start", () => {
  it("only a real loopback address counts: 127.x forms that are no address (DNS could resolve them anywhere) need admin.tls", () => {
    // "127.0.0.999" passed the old digit pattern, and gRPC then looked it up as a host name
    for (const host of ["127.0.0.999", "127.1.2.300", "127.0.0.01", "127.000.000.001", "127.1", "localhost.", "::ffff:10.0.0.1"]) {
      expect(() => buildConfig({ admin: { host } }, {}), host).toThrow(ConfigError);
      expect(() => buildConfig({ admin: { host } }, {}), host).toThrow(/is not a loopback address and admin\.tls is not set/);
    }
    for (const host of ["127.0.0.1", "127.5.6.7", "::1", "::ffff:127.0.0.1", "localhost", "LOCALHOST"]) {
      expect(buildConfig({ admin: { host } }, {}).admin.host, host).toBe(host);
    }
  });

  it("a non-loopback admin.host without admin.tls is refused (exit 2, a configuration error); with admin.insecure: true it starts and warns", async () => {
    const inClear = /^xks-proxy: configuration error: admin\.host \(0\.0\.0\.0\) is not a loopback address and admin\.tls is not set: the bearer token would cross the network in clear \(set admin\.tls, or admin\.insecure: true to accept that\)$/;
    // a configuration error like any other: one line, exit 2, and `config check` says it too
    for (const f of [await failedStart(newDataDir(), { admin: { host: "0.0.0.0" } }), await failedStart(newDataDir(), {}, { XKS_ADMIN_HOST: "0.0.0.0" })]) {
      expect({ code: f.code, signal: f.signal }).toEqual({ code: 2, signal: null });
      expect(f.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(inClear)]);
    }
    writeFileSync(pem("open.json"), JSON.stringify({ admin: { host: "0.0.0.0" } }));
    const check = await new Promise<Run>((resolve) => {
      const child = execFile(process.execPath, [CLI, "config", "check", "--config", pem("open.json")], { env: { PATH: process.env.PATH } }, (err, out, errText) =>
        resolve({ code: child.exitCode ?? (err ? 1 : 0), out, err: errText }),
      );
    });
    expect(check).toMatchObject({ code: 2, out: "" });
    expect(check.err).toMatch(/^xks-proxy: configuration error: admin\.host \(0\.0\.0\.0\) is not a loopback address/);

    const open = await spawnDaemon(newDataDir(), { admin: { host: "0.0.0.0", insecure: true } });
    daemons.push(open);
    expect(open.output()).toMatch(new RegExp(`"level":"warn","msg":"admin API without TLS on a non-loopback address \\(admin\\.insecure\\): the bearer token crosses the network in clear","admin":"0\\.0\\.0\\.0:${open.adminPort}"`));
    expectListed(await list(open));

    // with TLS it needs no admin.insecure, and says nothing of it
    const tls = await spawnDaemon(newDataDir(), { admin: { host: "0.0.0.0", tls: tlsConfig() } });
    daemons.push(tls);
    expect(tls.output()).not.toMatch(/admin API without TLS/);
    expectListed(await list(tls, ["--ca-file", pem("ca.pem")]));
  });

  it("a missing, unreadable, non-PEM or mismatched admin TLS file is refused, naming it", async () => {
    const missing = pem("missing.pem");
    writeFileSync(pem("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
    writeFileSync(pem("empty.pem"), "");
    const cases: [Record<string, unknown>, NodeJS.ProcessEnv, RegExp][] = [
      [{ certFile: missing, keyFile: pem("server.key") }, {}, new RegExp(`admin TLS certificate file ${missing} cannot be read: ENOENT`)],
      [{ certFile: pem("server.pem"), keyFile: missing }, {}, new RegExp(`admin TLS private key file ${missing} cannot be read: ENOENT`)],
      [{ certFile: dir, keyFile: pem("server.key") }, {}, new RegExp(`admin TLS certificate file ${dir} cannot be read: not a regular file`)],
      [{ ...tlsConfig(), clientCaFile: missing }, {}, new RegExp(`admin TLS client CA file ${missing} cannot be read: ENOENT`)],
      [{ ...tlsConfig(), clientCaFile: pem("empty.pem") }, {}, new RegExp(`admin TLS client CA file ${pem("empty.pem")} holds no PEM certificate`)],
      [{ ...tlsConfig(), clientCaFile: pem("garbage.pem") }, {}, new RegExp(`admin TLS client CA file ${pem("garbage.pem")}: certificate 1 of 1 is not a valid PEM certificate`)],
      [{ certFile: pem("garbage.pem"), keyFile: pem("server.key") }, {}, new RegExp(`admin TLS certificate file ${pem("garbage.pem")} does not hold a PEM certificate`)],
      [{ certFile: pem("server.pem"), keyFile: pem("client.key") }, {}, new RegExp(`admin TLS private key file ${pem("client.key")} does not match the certificate in ${pem("server.pem")}`)],
      // the same check for files named by the environment
      [{}, { XKS_ADMIN_TLS_CERT_FILE: missing, XKS_ADMIN_TLS_KEY_FILE: pem("server.key") }, new RegExp(`admin TLS certificate file ${missing} cannot be read: ENOENT`)],
    ];
    if (process.getuid?.() !== 0) {
      writeFileSync(pem("locked.key"), readFileSync(pem("server.key")), { mode: 0o000 });
      cases.push([{ certFile: pem("server.pem"), keyFile: pem("locked.key") }, {}, new RegExp(`admin TLS private key file ${pem("locked.key")} cannot be read: EACCES`)]);
    }
    for (const [tls, env, message] of cases) {
      const admin = Object.keys(tls).length ? { admin: { tls } } : {};
      expectRefused(await failedStart(newDataDir(), admin, env), message);
    }
  });
});
