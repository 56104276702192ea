/**
 * Signs XKS requests with the AWS SDK's own SigV4 signer (@smithy/signature-v4): an independent
 * implementation, so the proxy's verifier is never checked against itself.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { request as httpRequest } from "node:http";

export interface Credential {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SignOptions {
  region?: string;
  service?: string;
  date?: Date;
  method?: string;
}

export async function signedHeaders(port: number, path: string, body: string | Buffer, cred: Credential, o: SignOptions = {}): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    credentials: cred,
    region: o.region ?? "us-east-1",
    service: o.service ?? "kms-xks-proxy",
    sha256: Sha256,
    applyChecksum: false,
  });
  const req = new HttpRequest({
    method: o.method ?? "POST",
    protocol: "http:",
    hostname: "127.0.0.1",
    port,
    path,
    headers: { host: `127.0.0.1:${port}`, "content-type": "application/json" },
    body,
  });
  const signed = await signer.sign(req, { signingDate: o.date ?? new Date() });
  return signed.headers as Record<string, string>;
}

export interface Reply {
  status: number;
  body: string;
  json: Record<string, unknown>;
}

export function send(port: number, path: string, body: string | Buffer, headers: Record<string, string>, method = "POST"): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // agent: false → "Connection: close", so a stopping daemon's threads are not kept by idle sockets
    const req = httpRequest({ host: "127.0.0.1", port, path, method, agent: false, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          /* non-JSON bodies (ping, readyz) */
        }
        resolve({ status: res.statusCode ?? 0, body: text, json });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

export async function signedPost(port: number, path: string, payload: unknown, cred: Credential, o: SignOptions = {}): Promise<Reply> {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  return send(port, path, body, await signedHeaders(port, path, body, cred, o));
}
