/**
 * mtls_enabled per key store: accepted only when the data plane verifies client certificates
 * (xks.tls.clientAuth); a store with it answers only requests over a connection whose verified
 * client certificate is AWS KMS's for the store's region (CN=cks.kms.<region>.amazonaws.com).
 * Refusals: AccessDeniedException (403) for key operations, AuthenticationFailedException (401)
 * for GetHealthStatus (the spec's table allows no AccessDeniedException there), audited. Without
 * `subjects` in the config, the listener accepts AWS KMS's certificates for the regions of the
 * stores with mtls_enabled, following admin changes live. `keystore create --mtls-enabled` runs
 * through the built CLI.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certDir } from "./helpers/certs.js";
import { startTestDaemon, TRANSPORTS, type TestDaemon } from "./helpers/daemon.js";
import { meta } from "./helpers/dataplane-suite.js";
import { eventually } from "./helpers/eventually.js";
import { send, signedHeaders, type Credential } from "./helpers/sign.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const EAST_CN = "cks.kms.us-east-1.amazonaws.com";
const WEST_CN = "cks.kms.eu-west-1.amazonaws.com";
const { file, makeCa, makeClient, makeServer } = certDir("xks-mtls-stores-");

type Row = Record<string, any>;
interface Outcome {
  status?: number;
  errorName?: string;
  error?: string;
}
interface Store {
  id: string;
  region: string;
  base: string;
  cred: Credential;
}

function cli(args: string[], token: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, "admin", ...args], { env: { PATH: process.env.PATH, XKS_ADMIN_TOKEN: token }, timeout: 20_000 }, (err, out, errText) =>
      resolve({ code: child.exitCode ?? (err ? 1 : 0), out, err: errText }),
    );
  });
}

const storeOf = (ks: Row): Store => ({ id: ks.id, region: ks.region, base: ks.aws_param.xks_proxy_uri_path, cred: { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key } });

/** GetHealthStatus or GetKeyMetadata (of a key that does not exist) for `store`, signed, on a fresh connection. */
async function call(port: number, client: string | undefined, store: Store, op: "health" | "metadata"): Promise<Outcome> {
  const path = op === "health" ? `${store.base}/health` : `${store.base}/keys/no-such-key/metadata`;
  const body = JSON.stringify({ requestMetadata: meta(op === "health" ? "KmsHealthCheck" : "DescribeKey") });
  const headers = await signedHeaders(port, path, body, store.cred, { region: store.region });
  if (client === "plain") {
    const r = await send(port, path, body, headers);
    return { status: r.status, errorName: r.status === 200 ? undefined : (JSON.parse(r.body) as Row).errorName };
  }
  return new Promise((resolve) => {
    const req = httpsRequest(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        headers,
        agent: false,
        ca: readFileSync(file("server.pem")),
        ...(client ? { cert: readFileSync(file(`${client}.pem`)), key: readFileSync(file(`${client}.key`)) } : {}),
      },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode, errorName: res.statusCode === 200 ? undefined : (JSON.parse(text) as Row).errorName }));
      },
    );
    req.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end(body);
  });
}

describe("mtls_enabled per key store (xks.tls.clientAuth without subjects)", () => {
  let t: TestDaemon | undefined;
  let port: number;
  /** shared by the daemon with mTLS and the one after it without */
  const dataDir = mkdtempSync(join(tmpdir(), "xks-mtls-stores-data-"));
  let east: Store;
  let west: Store;
  const passes = { status: 404, errorName: "KeyNotFoundException" };

  beforeAll(async () => {
    makeServer("server", "01");
    makeCa("test-ca");
    makeClient("east", EAST_CN, "test-ca");
    makeClient("west", WEST_CN, "test-ca");
    t = await startTestDaemon({ dataDir, transport: "node", xks: { tls: { certFile: file("server.pem"), keyFile: file("server.key"), clientAuth: { caFile: file("test-ca.pem") } } } });
    port = t!.daemon.xksPort;
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("no key store uses mTLS yet: the derived subjects accept no client certificate, as the start-up warning said", async () => {
    expect(t!.logs.filter((l) => l.includes("no key store has mtls_enabled"))).toHaveLength(1);
    const plainStore = storeOf(await t!.admin.keyStores("Create", { name: "plain", kms: "111122223333", region: "us-east-1" }));
    expect(await call(port, "east", plainStore, "health")).toMatchObject({ error: expect.any(String) });
  });

  it("`keystore create --mtls-enabled` (CLI): the store says so, its proxy configuration too; AWS KMS's us-east-1 certificate is then served", async () => {
    const r = await cli(["keystore", "create", "--address", `127.0.0.1:${t!.daemon.adminPort}`, "--name", "east", "--kms", "111122223333", "--region", "us-east-1", "--mtls-enabled"], t!.daemon.adminToken);
    expect(r.code, r.err).toBe(0);
    const ks = JSON.parse(r.out) as Row;
    expect(ks.local_hosted_params.mtls_enabled).toBe(true);
    expect(JSON.parse(ks.proxy_configuration as string)).toMatchObject({ XksProxyMutualTls: { Enabled: true, ClientCertificateSubject: `CN=${EAST_CN}` } });
    east = storeOf(ks);
    expect(await call(port, "east", east, "health")).toEqual({ status: 200 });
    expect(await call(port, "east", east, "metadata")).toEqual(passes);
    // a store without mtls_enabled is served over the same connections as before
    const plainStore = storeOf(await t!.admin.keyStores("Create", { name: "plain-2", kms: "111122223333", region: "us-east-1" }));
    expect(await call(port, "east", plainStore, "health")).toEqual({ status: 200 });
  });

  it("eu-west-1's certificate: refused at the handshake until a store of that region uses mTLS (live), then refused per store", async () => {
    expect(await call(port, "west", east, "health")).toMatchObject({ error: expect.any(String) });
    const created = await t!.admin.keyStores("Create", { name: "west", kms: "111122223333", region: "eu-west-1" });
    west = storeOf(created);
    const updated = await t!.admin.keyStores("Update", { id: west.id, local_hosted_params: { mtls_enabled: true } });
    expect(updated.local_hosted_params.mtls_enabled).toBe(true);
    expect(await call(port, "west", west, "health")).toEqual({ status: 200 });
    expect(await call(port, "west", west, "metadata")).toEqual(passes);
    // the connection is verified, but not for us-east-1: the east store refuses it
    expect(await call(port, "west", east, "metadata")).toEqual({ status: 403, errorName: "AccessDeniedException" });
    expect(await call(port, "west", east, "health")).toEqual({ status: 401, errorName: "AuthenticationFailedException" });
    expect(await call(port, "east", west, "metadata")).toEqual({ status: 403, errorName: "AccessDeniedException" });
  });

  it("a refusal is logged with its reason and audited", async () => {
    await eventually(() => expect(t!.logs.some((l) => l.includes(`client certificate subject CN ${WEST_CN} is not ${EAST_CN}`) && l.includes("AccessDeniedException"))).toBe(true));
    await eventually(async () => {
      const page = await t!.admin.audit("List", { key_store_id: east.id, kind: "xks", limit: 100 });
      const names = (page.resources as Row[]).map((r) => r.error_name);
      expect(names).toEqual(expect.arrayContaining(["AccessDeniedException", "AuthenticationFailedException"]));
    });
  });

  it("mtls_enabled=false again: the east store serves the eu-west-1 connection too", async () => {
    await t!.admin.keyStores("Update", { id: east.id, local_hosted_params: { mtls_enabled: false } });
    expect(await call(port, "west", east, "metadata")).toEqual(passes);
    await t!.admin.keyStores("Update", { id: east.id, local_hosted_params: { mtls_enabled: true } });
  });

  // plain HTTP on the fast transport where it loads (uWS, which cannot see certificates at all), else node
  describe(`the same data on a daemon without xks.tls.clientAuth (plain HTTP, ${TRANSPORTS[0]})`, () => {
    let plain: TestDaemon;
    beforeAll(async () => {
      await t!.stop();
      t = undefined;
      plain = await startTestDaemon({ dataDir, transport: TRANSPORTS[0]! });
    });
    afterAll(async () => {
      await plain?.stop();
    });

    it("a store with mtls_enabled refuses every request: no connection carries a verified certificate", async () => {
      expect(await call(plain.daemon.xksPort, "plain", east, "metadata")).toEqual({ status: 403, errorName: "AccessDeniedException" });
      expect(await call(plain.daemon.xksPort, "plain", east, "health")).toEqual({ status: 401, errorName: "AuthenticationFailedException" });
      await eventually(() => expect(plain.logs.some((l) => l.includes(`no verified client certificate on this connection; mtls_enabled needs CN=${EAST_CN}`))).toBe(true));
    });

    it("mtls_enabled=true is refused (FAILED_PRECONDITION naming xks.tls.clientAuth), false is accepted", async () => {
      const r = await cli(["keystore", "create", "--address", `127.0.0.1:${plain.daemon.adminPort}`, "--name", "more", "--kms", "111122223333", "--region", "us-east-1", "--mtls-enabled"], plain.daemon.adminToken);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/FAILED_PRECONDITION.*local_hosted_params\.mtls_enabled: this daemon's data plane does not verify client certificates; configure xks\.tls\.clientAuth/);
      const off = await plain.admin.keyStores("Update", { id: east.id, local_hosted_params: { mtls_enabled: false } });
      expect(off.local_hosted_params.mtls_enabled).toBe(false);
      expect(await call(plain.daemon.xksPort, "plain", east, "metadata")).toEqual(passes);
    });
  });
});
