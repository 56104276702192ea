/**
 * Verifies AWS Signature Version 4 on a request the way AWS does: the credential scope names a known
 * access key, the emulator's region and the service ("kms", or "sts" for the emulator's STS); the signature is recomputed over the
 * signed headers with the SDK's own signer (@smithy/signature-v4) and compared in constant time.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { KmsError } from "./errors.js";

export interface EmulatorCredential {
  accessKeyId: string;
  secretAccessKey: string;
  /** the 12-digit AWS account the key belongs to */
  accountId: string;
  /** temporary credentials (sts.ts): the token the request must carry, signed */
  sessionToken?: string;
}

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request, ?SignedHeaders=([a-z0-9\-;]+), ?Signature=([0-9a-f]{64})$/;
const SKEW_MS = 5 * 60 * 1000;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(",") : v;
}

function parseAmzDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** Returns the caller's credential, or throws AWS's error for the failure. */
export async function verifySigV4(
  req: { method: string; path: string; headers: IncomingHttpHeaders; body: Buffer },
  region: string,
  lookup: (accessKeyId: string) => EmulatorCredential | undefined,
  now = new Date(),
  service = "kms",
): Promise<EmulatorCredential> {
  const auth = header(req.headers, "authorization");
  if (!auth) throw new KmsError("MissingAuthenticationTokenException", "Missing Authentication Token", 400);
  const m = AUTH.exec(auth);
  if (!m) throw new KmsError("IncompleteSignatureException", "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' with AWS4-HMAC-SHA256.");
  const [, accessKeyId, scopeDate, scopeRegion, scopeService, signedHeaders, signature] = m as unknown as string[];
  const cred = lookup(accessKeyId!);
  if (!cred) throw new KmsError("UnrecognizedClientException", "The security token included in the request is invalid.");
  if (scopeService !== service) throw new KmsError("InvalidSignatureException", `Credential should be scoped to correct service: '${service}'.`);
  if (scopeRegion !== region) throw new KmsError("InvalidSignatureException", `Credential should be scoped to a valid region, not '${scopeRegion}'.`);
  const amzDate = header(req.headers, "x-amz-date");
  const date = amzDate ? parseAmzDate(amzDate) : undefined;
  if (!date) throw new KmsError("IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (amzDate!.slice(0, 8) !== scopeDate) throw new KmsError("InvalidSignatureException", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.");
  if (Math.abs(now.getTime() - date.getTime()) > SKEW_MS) throw new KmsError("InvalidSignatureException", "Signature expired: the request time is more than 5 minutes away from the server time.");
  const names = signedHeaders!.split(";");
  if (!names.includes("host") || !names.includes("x-amz-date")) throw new KmsError("InvalidSignatureException", "SignedHeaders must include 'host' and 'x-amz-date'.");
  // The signer trusts x-amz-content-sha256 as the payload hash: it must then be the body's hash.
  const contentSha = header(req.headers, "x-amz-content-sha256");
  if (contentSha !== undefined && contentSha !== createHash("sha256").update(req.body).digest("hex")) {
    throw new KmsError("InvalidSignatureException", "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  const signed: Record<string, string> = {};
  for (const name of names) {
    const v = header(req.headers, name);
    if (v === undefined) throw new KmsError("InvalidSignatureException", `The request signature lists header '${name}' that the request does not carry.`);
    signed[name] = v;
  }
  const url = new URL(req.path, "http://emulator");
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const credentials = { accessKeyId: cred.accessKeyId, secretAccessKey: cred.secretAccessKey, ...(cred.sessionToken ? { sessionToken: cred.sessionToken } : {}) };
  const signer = new SignatureV4({ credentials, region, service, sha256: Sha256, uriEscapePath: true, applyChecksum: false });
  const expected = await signer.sign(new HttpRequest({ method: req.method, protocol: "http:", hostname: "emulator", path: url.pathname, query, headers: signed, body: req.body }), {
    signingDate: date,
    signableHeaders: new Set(names),
  });
  const want = /Signature=([0-9a-f]{64})/.exec(String(expected.headers["authorization"]))?.[1] ?? "";
  const wantHeaders = /SignedHeaders=([^,]+)/.exec(String(expected.headers["authorization"]))?.[1];
  if (wantHeaders !== signedHeaders || want.length !== signature!.length || !timingSafeEqual(Buffer.from(want), Buffer.from(signature!))) {
    throw new KmsError("InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
  }
  return cred;
}
