/**
 * What AWS KMS sends to an external key store proxy: GetHealthStatus and GetKeyMetadata, SigV4-signed
 * with the store's proxy authentication credential (service "kms-xks-proxy", the KMS region), with a
 * deadline, and the outcome classified the way KMS reports it.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

export interface ProxyTarget {
  uriEndpoint: string;
  uriPath: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** How a call to the proxy ended, in terms KMS distinguishes. */
export type ProxyOutcome =
  | { kind: "ok"; body: Record<string, unknown> }
  | { kind: "unreachable"; detail: string }
  | { kind: "timeout" }
  | { kind: "http-error"; status: number; errorName: string }
  | { kind: "invalid-response"; detail: string };

export async function callProxy(t: ProxyTarget, suffix: string, body: unknown, timeoutMs: number): Promise<ProxyOutcome> {
  const url = new URL(t.uriEndpoint);
  const payload = JSON.stringify(body);
  const path = `${t.uriPath}${suffix}`;
  const signer = new SignatureV4({ credentials: { accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey }, region: t.region, service: "kms-xks-proxy", sha256: Sha256, applyChecksum: false });
  const host = url.port ? `${url.hostname}:${url.port}` : url.hostname;
  const signed = await signer.sign(
    new HttpRequest({ method: "POST", protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path, headers: { host, "content-type": "application/json" }, body: payload }),
    { signingDate: new Date() },
  );
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: ProxyOutcome) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(o);
      }
    };
    const req = send(
      { host: url.hostname, port: url.port || undefined, path, method: "POST", agent: false, headers: { ...(signed.headers as Record<string, string>), "content-length": Buffer.byteLength(payload) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", (e) => done({ kind: "unreachable", detail: e.message }));
        res.on("end", () => {
          let json: unknown;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
          } catch {
            return done(res.statusCode === 200 ? { kind: "invalid-response", detail: "the body is not JSON" } : { kind: "http-error", status: res.statusCode ?? 0, errorName: "" });
          }
          const obj = typeof json === "object" && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
          if (res.statusCode === 200) return done(obj ? { kind: "ok", body: obj } : { kind: "invalid-response", detail: "the body is not a JSON object" });
          done({ kind: "http-error", status: res.statusCode ?? 0, errorName: typeof obj?.errorName === "string" ? obj.errorName : "" });
        });
      },
    );
    const timer = setTimeout(() => {
      done({ kind: "timeout" });
      req.destroy();
    }, timeoutMs);
    req.on("error", (e) => done({ kind: "unreachable", detail: e.message }));
    req.end(payload);
  });
}

export function healthRequest(kmsOperation: string) {
  return { requestMetadata: { kmsRequestId: randomUUID(), kmsOperation } };
}

export function metadataRequest(principalArn: string, kmsOperation: string, kmsKeyArn?: string) {
  return { requestMetadata: { awsPrincipalArn: principalArn, kmsOperation, kmsRequestId: randomUUID(), ...(kmsKeyArn ? { kmsKeyArn } : {}) } };
}

/** A GetHealthStatus answer as the spec requires it; undefined if it is one, else what is wrong. */
export function healthProblem(body: Record<string, unknown>): string | undefined {
  const size = body.xksProxyFleetSize;
  if (typeof size !== "number" || !Number.isInteger(size) || size < 1) return "xksProxyFleetSize is not a positive integer";
  for (const f of ["xksProxyVendor", "xksProxyModel", "ekmVendor"]) if (typeof body[f] !== "string") return `${f} is missing`;
  const fleet = body.ekmFleetDetails;
  if (!Array.isArray(fleet) || fleet.length < 1 || fleet.length > 10) return "ekmFleetDetails must hold 1 to 10 entries";
  for (const e of fleet as Record<string, unknown>[]) {
    if (typeof e?.id !== "string" || typeof e.model !== "string" || !["ACTIVE", "DEGRADED", "UNAVAILABLE"].includes(e.healthStatus as string)) return "an ekmFleetDetails entry is malformed";
  }
  return undefined;
}

export function allUnavailable(body: Record<string, unknown>): boolean {
  return (body.ekmFleetDetails as Record<string, unknown>[]).every((e) => e.healthStatus === "UNAVAILABLE");
}
