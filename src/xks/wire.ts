import { isUtf8 } from "node:buffer";
import { XksError } from "../errors.js";
import { hasRepeatedName } from "../json-names.js";
import type { XksOperation } from "./route.js";

/** Typed XKS request bodies, validated field by field as the spec lists them. */
export interface RequestMetadata {
  kmsRequestId: string;
  kmsOperation: string;
  awsPrincipalArn?: string;
  kmsKeyArn?: string;
  /** the AWS service that called KMS for the customer (Encrypt, Decrypt; optional) */
  kmsViaService?: string;
}

export interface EncryptRequest {
  meta: RequestMetadata;
  plaintext: Buffer;
  aad: Buffer | undefined;
  wantCdiv: boolean;
}

export interface DecryptRequest {
  meta: RequestMetadata;
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  aad: Buffer | undefined;
  ciphertextMetadata: Buffer | undefined;
}

type Json = Record<string, unknown>;

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MAX_AAD = 65535; // the AAD length travels as uint16 in the GCM AAD (spec Encrypt)
const MAX_META = 20;

function invalid(message: string): XksError {
  return new XksError("ValidationException", message);
}

/**
 * Parses the body as a JSON object; anything else is a ValidationException. Refused, although
 * JSON.parse alone would accept them: bytes that are not UTF-8 (toString would turn them into
 * U+FFFD, so the proxy would act on and audit text the caller never sent), and a member name twice
 * in one object (JSON.parse keeps the last, another reader of the same bytes may keep the first).
 */
export function parseJsonObject(body: Buffer): Json {
  if (!isUtf8(body)) throw invalid("Request body is not valid UTF-8");
  const text = body.toString("utf8");
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw invalid("Request body is not valid JSON");
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw invalid("Request body must be a JSON object");
  if (hasRepeatedName(text, v)) throw invalid("Request body has a member name twice in one object");
  return v as Json;
}

function str(o: Json, field: string, path: string, required: true): string;
function str(o: Json, field: string, path: string, required: false): string | undefined;
function str(o: Json, field: string, path: string, required: boolean): string | undefined {
  const v = o[field];
  if (v === undefined) {
    if (required) throw invalid(`${path}${field} is required`);
    return undefined;
  }
  // null too: an optional field is absent or a string, never a third state read as "absent"
  if (typeof v !== "string") throw invalid(`${path}${field} must be a string`);
  if (required && v.length === 0) throw invalid(`${path}${field} must not be empty`);
  return v;
}

const B64_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * Padded Base64 can set bits the decoder drops ("QR==" decodes as "QQ==" does): one value, one
 * spelling. Only the digit before the padding can hold them (4 bits before "==", 2 before "=").
 */
function zeroPadBits(s: string): boolean {
  if (!s.endsWith("=")) return true;
  const two = s.endsWith("==");
  return (B64_DIGITS.indexOf(s[s.length - (two ? 3 : 2)]!) & (two ? 0x0f : 0x03)) === 0;
}

function b64(o: Json, field: string, required: true): Buffer;
function b64(o: Json, field: string, required: false): Buffer | undefined;
function b64(o: Json, field: string, required: boolean): Buffer | undefined {
  const s = str(o, field, "", required as true);
  if (s === undefined) return undefined;
  if (!B64.test(s)) throw invalid(`${field} is not valid Base64`);
  if (!zeroPadBits(s)) throw invalid(`${field} is not canonical Base64 (nonzero bits before the padding)`);
  return Buffer.from(s, "base64");
}

const REQUIRED_META: Record<XksOperation, readonly string[]> = {
  GetHealthStatus: ["kmsRequestId", "kmsOperation"],
  GetKeyMetadata: ["awsPrincipalArn", "kmsOperation", "kmsRequestId"],
  Encrypt: ["awsPrincipalArn", "kmsKeyArn", "kmsOperation", "kmsRequestId"],
  Decrypt: ["awsPrincipalArn", "kmsKeyArn", "kmsOperation", "kmsRequestId"],
};

/** requestMetadata with the fields the operation requires; unknown kmsOperation values are fine. */
export function parseMetadata(body: Json, op: XksOperation): RequestMetadata {
  const m = body.requestMetadata;
  if (typeof m !== "object" || m === null || Array.isArray(m)) throw invalid("requestMetadata is required");
  const meta = m as Json;
  for (const f of REQUIRED_META[op]) str(meta, f, "requestMetadata.", true);
  return {
    kmsRequestId: text(meta, "kmsRequestId")!, // required by every operation: present
    kmsOperation: text(meta, "kmsOperation")!,
    awsPrincipalArn: text(meta, "awsPrincipalArn"),
    kmsKeyArn: text(meta, "kmsKeyArn"),
    kmsViaService: text(meta, "kmsViaService"),
  };
}

/** Half a surrogate pair, which a JSON escape (\ud800) can carry although UTF-8 cannot. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * A requestMetadata string: it goes to the authorization rules, the log and the audit database,
 * where a lone surrogate would be stored as U+FFFD, not as sent.
 */
function text(meta: Json, field: string): string | undefined {
  const v = str(meta, field, "requestMetadata.", false);
  if (v !== undefined && LONE_SURROGATE.test(v)) throw invalid(`requestMetadata.${field} is not well-formed Unicode (a lone surrogate)`);
  return v;
}

function algorithm(body: Json): void {
  const alg = str(body, "encryptionAlgorithm", "", true);
  if (alg !== "AES_GCM") throw new XksError("UnsupportedOperationException", `encryptionAlgorithm ${alg.slice(0, 40)} is not supported; use AES_GCM`);
}

function aadOf(body: Json): Buffer | undefined {
  const aad = b64(body, "additionalAuthenticatedData", false);
  if (aad && aad.length > MAX_AAD) throw new XksError("UnsupportedOperationException", `additionalAuthenticatedData longer than ${MAX_AAD} bytes is not supported`);
  return aad;
}

export function parseEncrypt(body: Json, meta: RequestMetadata): EncryptRequest {
  algorithm(body);
  const plaintext = b64(body, "plaintext", true);
  const aad = aadOf(body);
  const cdivAlg = str(body, "ciphertextDataIntegrityValueAlgorithm", "", false);
  if (cdivAlg !== undefined && cdivAlg !== "SHA_256") {
    throw new XksError("UnsupportedOperationException", `ciphertextDataIntegrityValueAlgorithm ${cdivAlg.slice(0, 40)} is not supported; use SHA_256`);
  }
  return { meta, plaintext, aad, wantCdiv: cdivAlg !== undefined };
}

export function parseDecrypt(body: Json, meta: RequestMetadata): DecryptRequest {
  algorithm(body);
  const ciphertext = b64(body, "ciphertext", true);
  const iv = b64(body, "initializationVector", true);
  if (iv.length !== 12 && iv.length !== 16) throw invalid("initializationVector must be 12 or 16 bytes");
  const tag = b64(body, "authenticationTag", true);
  if (tag.length !== 16) throw invalid("authenticationTag must be 16 bytes");
  const ciphertextMetadata = b64(body, "ciphertextMetadata", false);
  if (ciphertextMetadata && ciphertextMetadata.length > MAX_META) throw invalid("ciphertextMetadata must be at most 20 bytes");
  return { meta, ciphertext, iv, tag, aad: aadOf(body), ciphertextMetadata };
}
