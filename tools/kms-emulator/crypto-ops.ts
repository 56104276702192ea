/**
 * Encrypt, Decrypt and GenerateDataKey for KMS keys in external key stores, as AWS KMS performs
 * them: KMS calls the store's proxy (POST <uriPath>/keys/<XksKeyId>/encrypt|decrypt, SigV4-signed
 * with the credential the store holds at that moment, service kms-xks-proxy) and wraps the proxy's
 * answer in a ciphertext blob of its own. Errors follow AWS's table for cryptographic operations in
 * the XKS specification ("KMS Considerations" / error mapping): a store that is not CONNECTED, and
 * every proxy failure, is KMSInvalidStateException with the reason in the message.
 *
 * Ciphertext blob (the emulator's format; AWS's own is opaque):
 *   "XKS" 0x01 | u8 n | n bytes: the KMS key id (ASCII) | u8 m | m bytes: initializationVector (12 or 16)
 *   | u8 k | k bytes: ciphertextMetadata (0..20) | 16 bytes: authenticationTag | the rest: ciphertext
 * The encryption context is not stored: as in AWS, Decrypt needs the same one. It reaches the proxy
 * as additionalAuthenticatedData: the JSON of its entries sorted by key (absent when empty).
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { KmsError, invalid, missing } from "./errors.js";
import { callProxy, type ProxyOutcome, type ProxyTarget } from "./xks-client.js";

type Input = Record<string, unknown>;
type Caller = { accountId: string; principalArn: string };

/** A KMS key of an external key store as these operations need it (state.ts resolves it). */
export interface XksKeyRef {
  id: string;
  arn: string;
  xksKeyId: string;
  keyState: string;
  storeState: string;
  /** the store's proxy and the credential it holds now */
  target: ProxyTarget;
}

export interface CryptoResolver {
  /** the key named by a KeyId (id, ARN); NotFoundException, or UnsupportedOperationException for keys outside external key stores */
  xksKey(keyId: string, caller: Caller): XksKeyRef;
  proxyTimeoutMs: number;
}

/** One XKS call the emulator made for a cryptographic operation, for tests and trials to inspect. */
export interface CryptoCall {
  kmsKeyId: string;
  operation: "encrypt" | "decrypt";
  kmsOperation: string;
  /** the proxy credential the request was signed with */
  accessKeyId: string;
  outcome: ProxyOutcome["kind"];
}

const MAGIC = Buffer.from([0x58, 0x4b, 0x53, 0x01]);
const MAX_CALLS = 10_000;

function blob(input: Input, member: string, min: number, max: number, required: boolean): Buffer | undefined {
  const v = input[member];
  if (v === undefined || v === null) {
    if (required) throw missing(member.charAt(0).toLowerCase() + member.slice(1));
    return undefined;
  }
  if (typeof v !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) throw new KmsError("SerializationException", `${member} must be a Base64-encoded blob`);
  const b = Buffer.from(v, "base64");
  if (b.length < min || b.length > max) throw invalid(member.charAt(0).toLowerCase() + member.slice(1), `Member must have length between ${min} and ${max}`);
  return b;
}

function keyIdOf(input: Input, required: boolean): string | undefined {
  const v = input.KeyId;
  if (v === undefined || v === null) {
    if (required) throw missing("keyId");
    return undefined;
  }
  if (typeof v !== "string" || v.length < 1 || v.length > 2048) throw invalid("keyId", "Member must have length between 1 and 2048");
  return v;
}

/** AWS's EncryptionContext → the AAD the proxy binds: sorted entries as JSON; none when empty. */
function contextAad(input: Input): Buffer | undefined {
  const c = input.EncryptionContext;
  if (c === undefined || c === null) return undefined;
  if (typeof c !== "object" || Array.isArray(c)) throw new KmsError("SerializationException", "EncryptionContext must be a map of strings");
  const entries = Object.entries(c as Record<string, unknown>);
  for (const [, v] of entries) if (typeof v !== "string") throw new KmsError("SerializationException", "EncryptionContext values must be strings");
  if (entries.length === 0) return undefined;
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(entries), "utf8");
}

function algorithm(input: Input): void {
  const a = input.EncryptionAlgorithm;
  if (a !== undefined && a !== "SYMMETRIC_DEFAULT") throw new KmsError("InvalidKeyUsageException", `The key's encryption algorithm is SYMMETRIC_DEFAULT, not ${String(a)}.`);
}

/** AWS's words for a proxy failure during a cryptographic operation. */
function proxyFailure(o: Exclude<ProxyOutcome, { kind: "ok" }>, arn: string): KmsError {
  const why =
    o.kind === "timeout"
      ? "the external key store proxy did not respond in the time allotted"
      : o.kind === "unreachable"
        ? "AWS KMS cannot communicate with the external key store proxy"
        : o.kind === "invalid-response"
          ? `AWS KMS cannot interpret the response from the external key store proxy (${o.detail})`
          : o.errorName === "AuthenticationFailedException"
            ? "the external key store proxy rejected the request because it could not authenticate AWS KMS"
            : `the external key store proxy rejected the request with ${o.status} ${o.errorName || "(no errorName)"}`;
  return new KmsError("KMSInvalidStateException", `${arn} is unusable: ${why}.`);
}

function b64(body: Record<string, unknown>, field: string, min: number, max: number): Buffer {
  const v = body[field];
  if (typeof v !== "string") throw new Error(`${field} is missing`);
  const b = Buffer.from(v, "base64");
  if (b.length < min || b.length > max) throw new Error(`${field} has ${b.length} bytes`);
  return b;
}

export class CryptoOps {
  readonly calls: CryptoCall[] = [];

  constructor(private readonly r: CryptoResolver) {}

  private usable(keyId: string, caller: Caller): XksKeyRef {
    const k = this.r.xksKey(keyId, caller);
    if (k.keyState === "PendingDeletion") throw new KmsError("KMSInvalidStateException", `${k.arn} is pending deletion.`);
    if (k.storeState !== "CONNECTED") throw new KmsError("KMSInvalidStateException", `${k.arn} is unusable: its custom key store is ${k.storeState}, not CONNECTED; connect the external key store and try again.`);
    return k;
  }

  private async call(k: XksKeyRef, operation: "encrypt" | "decrypt", kmsOperation: string, caller: Caller, body: Input): Promise<Record<string, unknown>> {
    const request = { requestMetadata: { awsPrincipalArn: caller.principalArn, kmsKeyArn: k.arn, kmsOperation, kmsRequestId: randomUUID() }, ...body };
    const o = await callProxy(k.target, `/keys/${encodeURIComponent(k.xksKeyId)}/${operation}`, request, this.r.proxyTimeoutMs);
    if (this.calls.length >= MAX_CALLS) this.calls.shift();
    this.calls.push({ kmsKeyId: k.id, operation, kmsOperation, accessKeyId: k.target.accessKeyId, outcome: o.kind });
    if (o.kind !== "ok") throw proxyFailure(o, k.arn);
    return o.body;
  }

  /** Has the proxy encrypt; checks its answer (sizes, CDIV) as KMS does; answers the blob. */
  private async wrap(k: XksKeyRef, plaintext: Buffer, aad: Buffer | undefined, kmsOperation: string, caller: Caller): Promise<Buffer> {
    const body = await this.call(k, "encrypt", kmsOperation, caller, {
      plaintext: plaintext.toString("base64"),
      encryptionAlgorithm: "AES_GCM",
      ...(aad ? { additionalAuthenticatedData: aad.toString("base64") } : {}),
      ciphertextDataIntegrityValueAlgorithm: "SHA_256",
    });
    try {
      const ciphertext = b64(body, "ciphertext", plaintext.length, plaintext.length);
      const iv = b64(body, "initializationVector", 12, 16);
      if (iv.length !== 12 && iv.length !== 16) throw new Error("initializationVector must be 12 or 16 bytes");
      const tag = b64(body, "authenticationTag", 16, 16);
      const metadata = body.ciphertextMetadata === undefined ? Buffer.alloc(0) : b64(body, "ciphertextMetadata", 0, 20);
      const cdiv = b64(body, "ciphertextDataIntegrityValue", 32, 32);
      const mine = createHash("sha256").update(Buffer.concat([aad ?? Buffer.alloc(0), metadata, iv, ciphertext, tag])).digest();
      if (!mine.equals(cdiv)) throw new Error("the ciphertextDataIntegrityValue does not match");
      const id = Buffer.from(k.id, "ascii");
      return Buffer.concat([MAGIC, Buffer.from([id.length]), id, Buffer.from([iv.length]), iv, Buffer.from([metadata.length]), metadata, tag, ciphertext]);
    } catch (e) {
      throw proxyFailure({ kind: "invalid-response", detail: (e as Error).message }, k.arn);
    }
  }

  async encrypt(input: Input, caller: Caller): Promise<Input> {
    const keyId = keyIdOf(input, true)!;
    const plaintext = blob(input, "Plaintext", 1, 4096, true)!;
    algorithm(input);
    const aad = contextAad(input);
    const k = this.usable(keyId, caller);
    const ct = await this.wrap(k, plaintext, aad, "Encrypt", caller);
    return { CiphertextBlob: ct.toString("base64"), KeyId: k.arn, EncryptionAlgorithm: "SYMMETRIC_DEFAULT" };
  }

  async generateDataKey(input: Input, caller: Caller): Promise<Input> {
    const keyId = keyIdOf(input, true)!;
    const spec = input.KeySpec;
    const n = input.NumberOfBytes;
    if ((spec === undefined) === (n === undefined)) throw new KmsError("ValidationException", "Please specify either number of bytes or key spec.");
    let size: number;
    if (spec !== undefined) {
      if (spec !== "AES_256" && spec !== "AES_128") throw invalid("keySpec", "Member must satisfy enum value set: [AES_256, AES_128]");
      size = spec === "AES_256" ? 32 : 16;
    } else {
      if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 1024) throw invalid("numberOfBytes", "Member must have value between 1 and 1024");
      size = n;
    }
    const aad = contextAad(input);
    const k = this.usable(keyId, caller);
    const plaintext = randomBytes(size);
    const ct = await this.wrap(k, plaintext, aad, "GenerateDataKey", caller);
    return { CiphertextBlob: ct.toString("base64"), Plaintext: plaintext.toString("base64"), KeyId: k.arn };
  }

  async decrypt(input: Input, caller: Caller): Promise<Input> {
    const ct = blob(input, "CiphertextBlob", 1, 6144, true)!;
    const given = keyIdOf(input, false);
    algorithm(input);
    const aad = contextAad(input);
    const parsed = parseBlob(ct);
    const k = this.usable(parsed.keyId, caller);
    if (given !== undefined) {
      const named = this.r.xksKey(given, caller);
      if (named.id !== k.id) throw new KmsError("IncorrectKeyException", "The key ID in the request does not identify a KMS key that can perform this operation.");
    }
    const body = await this.call(k, "decrypt", "Decrypt", caller, {
      ciphertext: parsed.ciphertext.toString("base64"),
      encryptionAlgorithm: "AES_GCM",
      initializationVector: parsed.iv.toString("base64"),
      authenticationTag: parsed.tag.toString("base64"),
      ...(parsed.metadata.length ? { ciphertextMetadata: parsed.metadata.toString("base64") } : {}),
      ...(aad ? { additionalAuthenticatedData: aad.toString("base64") } : {}),
    });
    let plaintext: Buffer;
    try {
      plaintext = b64(body, "plaintext", parsed.ciphertext.length, parsed.ciphertext.length);
    } catch (e) {
      throw proxyFailure({ kind: "invalid-response", detail: (e as Error).message }, k.arn);
    }
    return { KeyId: k.arn, Plaintext: plaintext.toString("base64"), EncryptionAlgorithm: "SYMMETRIC_DEFAULT" };
  }
}

/** The blob's parts; InvalidCiphertextException for anything the emulator did not write. */
function parseBlob(b: Buffer): { keyId: string; iv: Buffer; metadata: Buffer; tag: Buffer; ciphertext: Buffer } {
  const bad = () => new KmsError("InvalidCiphertextException", "The ciphertext is not valid.");
  if (b.length < MAGIC.length + 1 || !b.subarray(0, MAGIC.length).equals(MAGIC)) throw bad();
  let at = MAGIC.length;
  const take = (n: number): Buffer => {
    if (at + n > b.length) throw bad();
    const out = b.subarray(at, at + n);
    at += n;
    return out;
  };
  const keyId = take(take(1)[0]!).toString("ascii");
  const iv = take(take(1)[0]!);
  if (iv.length !== 12 && iv.length !== 16) throw bad();
  const metadata = take(take(1)[0]!);
  if (metadata.length > 20) throw bad();
  const tag = take(16);
  const ciphertext = b.subarray(at);
  if (ciphertext.length === 0) throw bad();
  return { keyId, iv, metadata, tag, ciphertext };
}
