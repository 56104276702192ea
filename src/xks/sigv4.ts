import { createHmac, hash, randomBytes, timingSafeEqual } from "node:crypto";
import { XksError } from "../errors.js";

/**
 * AWS SigV4 verification for XKS requests (spec Appendix A). Every failure is the same
 * AuthenticationFailedException to the caller; the reason goes to the log only through
 * `reason` (never the expected signature or the secret).
 */
export const XKS_SERVICE = "kms-xks-proxy";
const MAX_SKEW_MS = 5 * 60 * 1000;

export interface SignedRequest {
  method: string;
  path: string;
  query: string;
  /** lower-cased header names */
  headers: Readonly<Record<string, string>>;
  /** hex SHA-256 of the received body */
  payloadHash: string;
}

export class AuthFailure extends XksError {
  constructor(readonly reason: string) {
    super("AuthenticationFailedException", "The request signature could not be authenticated");
  }
}

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  /** the canonical request's SignedHeaders line and the credential scope, built once per prefix */
  signedHeadersLine: string;
  scope: string;
}

const AUTH_RE = /^AWS4-HMAC-SHA256 +Credential=([^,\s]+) *, *SignedHeaders=([^,\s]+) *, *Signature=([0-9a-f]{64})$/;
/** Header values with nothing to trim or collapse (the usual case) go into the canonical form as they are. */
const NEEDS_TRIM = /^\s|\s$|\s\s|[\t\n\r\v\f]/;
const AMZ_DATE_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * The parts of an Authorization header before its signature repeat on every request a client signs
 * on one day; parsing them once per distinct prefix keeps regexes and splits off the hot path.
 */
class ParseMemo<T> {
  readonly #entries = new Map<string, T>();
  get(key: string, parse: (key: string) => T): T {
    let v = this.#entries.get(key);
    if (v === undefined) {
      v = parse(key);
      if (this.#entries.size >= 1024) this.#entries.clear();
      this.#entries.set(key, v);
    }
    return v;
  }
}

const SIGNATURE_SUFFIX = 64 + "Signature=".length;
const authMemo = new ParseMemo<ParsedAuthorization>();
const SIGNATURE_RE = /^[0-9a-f]{64}$/;

/** The memoised prefix's parts; the signature is the header's last 64 characters (checked here). */
function parseAuthorization(v: string): ParsedAuthorization {
  // Only well-formed prefixes are memoised: parseAuthorizationFully throws on anything else.
  const parsed = authMemo.get(v.slice(0, -SIGNATURE_SUFFIX), () => parseAuthorizationFully(v));
  if (!SIGNATURE_RE.test(v.slice(-64)) || v.slice(-SIGNATURE_SUFFIX, -64) !== "Signature=") throw new AuthFailure("malformed Authorization header");
  return parsed;
}

function parseAuthorizationFully(value: string): ParsedAuthorization {
  const m = AUTH_RE.exec(value);
  if (!m) throw new AuthFailure("malformed Authorization header");
  const scope = m[1]!.split("/");
  if (scope.length !== 5 || scope[4] !== "aws4_request") throw new AuthFailure("malformed credential scope");
  const [accessKeyId, date, region, service] = scope as [string, string, string, string];
  if (!/^\d{8}$/.test(date)) throw new AuthFailure("malformed credential date");
  const signedHeaders = m[2]!.split(";");
  if (signedHeaders.some((h) => h.length === 0 || h !== h.toLowerCase())) throw new AuthFailure("malformed SignedHeaders");
  return { accessKeyId, date, region, service, signedHeaders, signedHeadersLine: signedHeaders.join(";"), scope: `${date}/${region}/${service}/aws4_request` };
}

const dateMemo = new ParseMemo<number>();

function parseAmzDate(value: string | undefined): number {
  if (!value) throw new AuthFailure("missing or malformed X-Amz-Date");
  return dateMemo.get(value, parseAmzDateFully);
}

function parseAmzDateFully(value: string): number {
  const m = AMZ_DATE_RE.exec(value);
  if (!m) throw new AuthFailure("missing or malformed X-Amz-Date");
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(t);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw new AuthFailure("X-Amz-Date is not a real date");
  }
  return t;
}

function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

function canonicalQuery(query: string): string {
  if (!query) return "";
  const pairs = query.split("&").filter(Boolean).map((p) => {
    const i = p.indexOf("=");
    const k = i < 0 ? p : p.slice(0, i);
    const v = i < 0 ? "" : p.slice(i + 1);
    const dec = (x: string) => {
      try {
        return decodeURIComponent(x.replace(/\+/g, "%20"));
      } catch {
        throw new AuthFailure("malformed query string");
      }
    };
    return [rfc3986(dec(k)), rfc3986(dec(v))] as const;
  });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

/** One-shot hashing: no Hash object per call (a third of the cost of createHash for short input). */
export const sha256hex = (data: string | Buffer) => hash("sha256", data, "hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

/** Signing keys are derived once per (credential, date, region) and reused for the day. */
export class SigningKeyCache {
  readonly #keys = new Map<string, { secret: string; key: Buffer }>();
  get(accessKeyId: string, secret: string, date: string, region: string): Buffer {
    const id = `${accessKeyId}/${date}/${region}`;
    const hit = this.#keys.get(id);
    if (hit && hit.secret === secret) return hit.key;
    if (this.#keys.size >= 4096) this.#keys.clear();
    const key = hmac(hmac(hmac(hmac("AWS4" + secret, date), region), XKS_SERVICE), "aws4_request");
    this.#keys.set(id, { secret, key });
    return key;
  }
}

/**
 * An unknown access key id is checked against a signing key derived from this per-process random
 * secret, so it costs the same HMAC work as a known id with a wrong signature: the answer time does
 * not tell which access key ids exist. One fixed cache id keeps attacker-chosen ids out of the cache.
 */
const UNKNOWN_ID = "\0unknown";
const UNKNOWN_SECRET = randomBytes(32).toString("base64");

/** Signatures computed and compared (known and unknown ids alike): lets tests prove the work is equal. */
export const sigv4Work = { signatures: 0 };

export interface VerifyOptions {
  region: string;
  /** accessKeyId → secret for the key store the request addresses */
  secrets: ReadonlyMap<string, string>;
  now: number;
  cache: SigningKeyCache;
}

/** Verifies the request; returns the access key id that signed it. */
export function verifySigV4(req: SignedRequest, opts: VerifyOptions): string {
  const header = req.headers["authorization"];
  if (!header) throw new AuthFailure("missing Authorization header");
  const authorization = header.trim();
  const auth = parseAuthorization(authorization);
  if (auth.service !== XKS_SERVICE) throw new AuthFailure(`credential scope service is not ${XKS_SERVICE}`);
  if (auth.region !== opts.region) throw new AuthFailure("credential scope region does not match the key store");
  if (!auth.signedHeaders.includes("host") || !auth.signedHeaders.includes("x-amz-date")) {
    throw new AuthFailure("host and x-amz-date must be signed");
  }
  const amzDate = req.headers["x-amz-date"];
  const t = parseAmzDate(amzDate);
  if (Math.abs(opts.now - t) > MAX_SKEW_MS) throw new AuthFailure("X-Amz-Date is more than 5 minutes from the proxy's clock");
  if (amzDate!.slice(0, 8) !== auth.date) throw new AuthFailure("credential date does not match X-Amz-Date");
  const declared = req.headers["x-amz-content-sha256"];
  if (declared !== undefined && declared !== req.payloadHash) throw new AuthFailure("x-amz-content-sha256 does not match the body");

  const known = opts.secrets.get(auth.accessKeyId);

  let canonicalHeaders = "";
  for (const name of auth.signedHeaders) {
    const v = req.headers[name];
    if (v === undefined) throw new AuthFailure("a signed header is missing from the request");
    canonicalHeaders += `${name}:${NEEDS_TRIM.test(v) ? v.trim().replace(/\s+/g, " ") : v}\n`;
  }
  const canonicalRequest = `${req.method.toUpperCase()}\n${req.path}\n${canonicalQuery(req.query)}\n${canonicalHeaders}\n${auth.signedHeadersLine}\n${req.payloadHash}`;
  const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${auth.scope}\n${sha256hex(canonicalRequest)}`;
  const signingKey = known === undefined ? opts.cache.get(UNKNOWN_ID, UNKNOWN_SECRET, auth.date, auth.region) : opts.cache.get(auth.accessKeyId, known, auth.date, auth.region);
  const expected = createHmac("sha256", signingKey).update(stringToSign, "utf8").digest();
  sigv4Work.signatures++;
  const match = timingSafeEqual(expected, Buffer.from(authorization.slice(-64), "hex"));
  if (known === undefined) throw new AuthFailure("unknown access key id");
  if (!match) throw new AuthFailure("signature mismatch");
  return auth.accessKeyId;
}
