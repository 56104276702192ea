/**
 * Mutual TLS on the data plane (xks.tls.clientAuth, node transport), as the XKS spec asks: the
 * handshake fails without a client certificate; a connection whose certificate is expired,
 * self-signed, from another CA or for another subject CN ends as the handshake does, before any
 * HTTP byte is read. Certificates
 * are made here with openssl: a test CA, another CA, and client certificates from each.
 */
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certDir } from "./helpers/certs.js";
import { startTestDaemon, type TestDaemon } from "./helpers/daemon.js";
import { meta } from "./helpers/dataplane-suite.js";
import { eventually } from "./helpers/eventually.js";
import { signedHeaders, type Credential } from "./helpers/sign.js";

const AWS_CN = "cks.kms.us-east-1.amazonaws.com";
const { file, makeCa, makeClient, makeServer } = certDir("xks-mtls-");

interface Outcome {
  status?: number;
  body?: string;
  error?: string;
}

describe("mutual TLS on the data plane (xks.tls.clientAuth)", () => {
  let t: TestDaemon;
  let port: number;
  let base: string;
  let cred: Credential;

  beforeAll(async () => {
    makeServer("server", "01");
    makeCa("test-ca");
    makeCa("other-ca");
    makeClient("good", AWS_CN, "test-ca");
    makeClient("expired", AWS_CN, "test-ca", -1);
    makeClient("wrong-cn", "cks.kms.eu-west-1.amazonaws.com", "test-ca");
    makeClient("other-ca-client", AWS_CN, "other-ca");
    makeClient("self-signed", AWS_CN, "self");
    t = await startTestDaemon({
      xks: { tls: { certFile: file("server.pem"), keyFile: file("server.key"), clientAuth: { caFile: file("test-ca.pem"), subjects: [AWS_CN] } } },
    });
    port = t.daemon.xksPort;
    const ks = await t.admin.keyStores("Create", { name: "mtls", kms: "111122223333", region: "us-east-1" });
    base = ks.aws_param.xks_proxy_uri_path;
    cred = { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key };
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** One request on a fresh TLS connection presenting `client` (undefined: no certificate). */
  function call(client: string | undefined, path: string, o: { method?: string; body?: string; headers?: Record<string, string>; tls12?: boolean } = {}): Promise<Outcome> {
    return new Promise((resolve) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path,
          method: o.method ?? "GET",
          headers: o.headers,
          ca: readFileSync(file("server.pem")),
          agent: false,
          ...(o.tls12 ? { maxVersion: "TLSv1.2" as const } : {}),
          ...(client ? { cert: readFileSync(file(`${client}.pem`)), key: readFileSync(file(`${client}.key`)) } : {}),
        },
        (res) => {
          let body = "";
          res.on("data", (d: Buffer) => (body += d.toString()));
          res.on("end", () => resolve({ status: res.statusCode, body }));
        },
      );
      req.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
      req.end(o.body);
    });
  }

  it("runs on the node transport (xks.transport auto: uWS cannot see client certificates)", () => {
    const started = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "xks-proxy started");
    expect(started?.transport).toBe("node");
  });

  it(`the good client certificate (CN=${AWS_CN}, from the configured CA) is served: /ping and a signed GetHealthStatus`, async () => {
    expect(await call("good", "/ping")).toEqual({ status: 200, body: "ok" });
    const body = JSON.stringify({ requestMetadata: meta("KmsHealthCheck") });
    const headers = await signedHeaders(port, `${base}/health`, body, cred);
    const health = await call("good", `${base}/health`, { method: "POST", body, headers });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body!)).toMatchObject({ xksProxyFleetSize: 1 });
  });

  for (const [client, what] of [
    [undefined, "no client certificate"],
    ["expired", "an expired certificate from the configured CA"],
    ["self-signed", `a self-signed certificate with CN=${AWS_CN}`],
    ["other-ca-client", `a certificate with CN=${AWS_CN} from another CA`],
    ["wrong-cn", "a certificate from the configured CA with another subject (CN=cks.kms.eu-west-1.amazonaws.com)"],
  ] as const) {
    it(`${what}: the connection ends without an HTTP answer`, async () => {
      const r = await call(client, "/ping");
      expect(r.status).toBeUndefined();
      expect(r.error).toBeDefined();
    });
  }

  it("over TLS 1.2 too: no certificate fails the handshake (alert), a refused one is reset as the handshake ends", async () => {
    expect(await call(undefined, "/ping", { tls12: true })).toEqual({ error: "EPROTO" });
    for (const client of ["expired", "self-signed", "other-ca-client", "wrong-cn"]) expect(await call(client, "/ping", { tls12: true })).toEqual({ error: "ECONNRESET" });
    expect(await call("good", "/ping", { tls12: true })).toEqual({ status: 200, body: "ok" });
  });

  it("no HTTP byte of a connection with another subject is read: its request never reaches the handler", async () => {
    // two signed GetHealthStatus calls, each with its own kmsRequestId: the handler logs each one it sees
    const health = async (client: string) => {
      const m = meta("KmsHealthCheck");
      const body = JSON.stringify({ requestMetadata: m });
      return { id: m.kmsRequestId, outcome: await call(client, `${base}/health`, { method: "POST", body, headers: await signedHeaders(port, `${base}/health`, body, cred) }) };
    };
    const refused = await health("wrong-cn");
    expect(refused.outcome.status).toBeUndefined();
    const served = await health("good");
    expect(served.outcome.status).toBe(200);
    await eventually(() => expect(t.logs.some((l) => l.includes(served.id))).toBe(true));
    expect(t.logs.some((l) => l.includes(refused.id))).toBe(false);
  });
});

describe("xks.tls.clientAuth with xks.transport uws", () => {
  it("is refused at start: uWS cannot see client certificates", async () => {
    await expect(startTestDaemon({ transport: "uws", xks: { tls: { certFile: file("server.pem"), keyFile: file("server.key"), clientAuth: { caFile: file("test-ca.pem"), subjects: [AWS_CN] } } } })).rejects.toThrow(
      /xks.transport \(uws\) cannot see client certificates: xks.tls.clientAuth needs xks.transport node or auto/,
    );
  });
});
