/**
 * Transport-level checks on both transports: HTTPS (uWS SSLApp, node:https), and curl's own SigV4
 * signer (`curl --aws-sigv4`, as the spec's Appendix D and the README use it) over HTTP and HTTPS.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDaemon, TRANSPORTS, type TestDaemon } from "./helpers/daemon.js";
import { meta } from "./helpers/dataplane-suite.js";

const dir = mkdtempSync(join(tmpdir(), "xks-tls-"));
const cert = join(dir, "cert.pem");
const key = join(dir, "key.pem");

const run = promisify(execFile);

/** curl runs asynchronously: the daemon under test shares this process's event loop. */
async function curl(url: string, cred: { id: string; secret: string }, body: unknown, extra: string[] = []): Promise<Record<string, unknown>> {
  const file = join(dir, `body-${randomBytes(4).toString("hex")}.json`);
  writeFileSync(file, JSON.stringify(body));
  const { stdout: out } = await run("curl", ["-sS", "--aws-sigv4", "aws:amz:us-east-1:kms-xks-proxy", "--user", `${cred.id}:${cred.secret}`, "-X", "POST", "-H", "Content-Type: application/json", "--data", `@${file}`, ...extra, url], { encoding: "utf8" });
  return JSON.parse(out) as Record<string, unknown>;
}

for (const transport of TRANSPORTS) {
  for (const tls of [false, true]) {
    describe(`curl --aws-sigv4 over ${tls ? "HTTPS" : "HTTP"} (${transport} transport)`, () => {
      let t: TestDaemon;
      let url: string;
      let cred: { id: string; secret: string };
      let keyId: string;

      beforeAll(async () => {
        if (tls) {
          execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], { stdio: "ignore" });
        }
        t = await startTestDaemon({ transport, xks: tls ? { tls: { certFile: cert, keyFile: key } } : {} });
        const ks = await t.admin.keyStores("Create", { name: "curl", kms: "111122223333", region: "us-east-1" });
        cred = { id: ks.access_key_id, secret: ks.secret_access_key };
        const sk = await t.admin.sourceKeys("Create", {});
        const hk = await t.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks.id, source_key_id: sk.id } });
        keyId = hk.id;
        url = `${tls ? "https" : "http"}://127.0.0.1:${t.daemon.xksPort}${ks.aws_param.xks_proxy_uri_path}`;
      });
      afterAll(async () => {
        await t?.stop();
      });

      const extra = () => (tls ? ["--cacert", cert] : []);

      it("encrypts, decrypts and reports health", async () => {
        const pt = randomBytes(24).toString("base64");
        const enc = await curl(`${url}/keys/${keyId}/encrypt`, cred, { requestMetadata: meta("Encrypt"), plaintext: pt, encryptionAlgorithm: "AES_GCM" }, extra());
        expect(Object.keys(enc).sort()).toEqual(["authenticationTag", "ciphertext", "ciphertextMetadata", "initializationVector"]);
        const dec = await curl(`${url}/keys/${keyId}/decrypt`, cred, { requestMetadata: meta("Decrypt"), encryptionAlgorithm: "AES_GCM", ...enc }, extra());
        expect(dec).toEqual({ plaintext: pt });
        const health = await curl(`${url}/health`, cred, { requestMetadata: { kmsRequestId: "c-1", kmsOperation: "KmsHealthCheck" } }, extra());
        expect((health.ekmFleetDetails as { healthStatus: string }[])[0]!.healthStatus).toBe("ACTIVE");
      });

      if (tls) {
        it("negotiates TLS 1.2 or later", async () => {
          const protocol = await new Promise<string>((resolve, reject) => {
            const req = request({ host: "127.0.0.1", port: t.daemon.xksPort, path: "/ping", ca: readFileSync(cert), servername: "localhost" }, (res) => {
              resolve(res.socket && "getProtocol" in res.socket ? String((res.socket as import("node:tls").TLSSocket).getProtocol()) : "");
              res.resume();
            });
            req.on("error", reject);
            req.end();
          });
          expect(["TLSv1.2", "TLSv1.3"]).toContain(protocol);
        });
      }
    });
  }
}
