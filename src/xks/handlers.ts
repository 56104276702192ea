import { timingSafeEqual } from "node:crypto";
import { XksError } from "../errors.js";
import type { GcmEncrypted } from "../crypto/backend.js";
import type { CryptoRouter } from "../crypto/router.js";
import { andThen, type MaybePromise } from "../maybe-promise.js";
import { buildGcmAad, decodeKeyVersion, encodeKeyVersion } from "../keys/version-codec.js";
import type { HyokKeyView, KeyStoreView, SourceKeyView } from "../keys/view.js";
import { authorize } from "./authorize.js";
import { ciphertextDataIntegrityValue } from "./cdiv.js";
import type { DecryptRequest, EncryptRequest, RequestMetadata } from "./wire.js";

/**
 * The four XKS operations, on an already authenticated and validated request. Resolution:
 * key store → HYOK key → virtual key version → source key (see DESIGN.md "The domain").
 */
export function assertStoreUsable(store: KeyStoreView): void {
  if (store.record.blocked) throw new XksError("InvalidStateException", "The external key store is blocked");
}

const ARN_ACCOUNT = /^arn:[^:]*:kms:[^:]*:(\d{12}):/;

const AWS_ACCOUNT = /^\d{12}$/;

/**
 * Confused-deputy guard: a store bound to an AWS account only serves that account's KMS keys.
 * Admin validation and the database keep every store's account to 12 digits; should one ever hold
 * anything else, the store serves nothing rather than every account. GetKeyMetadata carries no
 * kmsKeyArn (it runs at CreateKey time); Encrypt and Decrypt must (wire.ts).
 */
function assertAccount(store: KeyStoreView, meta: RequestMetadata): void {
  const owner = store.record.kmsAccount;
  if (!AWS_ACCOUNT.test(owner)) throw new XksError("AccessDeniedException", "This external key store has no valid AWS account configured");
  if (meta.kmsKeyArn === undefined) return;
  const m = ARN_ACCOUNT.exec(meta.kmsKeyArn);
  if (!m || m[1] !== owner) throw new XksError("AccessDeniedException", "The KMS key's account is not authorized for this external key store");
}

function resolveKey(store: KeyStoreView, keyId: string, meta: RequestMetadata): HyokKeyView {
  // first: a caller the rules refuse learns nothing of the store's state or keys
  authorize(store, meta);
  assertStoreUsable(store);
  const key = store.hyokKeys.get(keyId);
  if (!key) throw new XksError("KeyNotFoundException", "The external key was not found in this key store");
  assertAccount(store, meta);
  if (key.blocked) throw new XksError("InvalidStateException", "The external key is blocked");
  return key;
}

function latestSource(key: HyokKeyView): SourceKeyView {
  const src = key.versions.get(key.latestVersion);
  if (!src) throw new XksError("KeyNotFoundException", "The external key has no usable version");
  return src;
}

function assertEnabled(src: SourceKeyView): void {
  if (!src.enabled) throw new XksError("InvalidStateException", "The external key is disabled");
}

export interface KeyMetadataResponse {
  keySpec: string;
  keyUsage: string[];
  keyStatus: "ENABLED" | "DISABLED";
}

export function getKeyMetadata(store: KeyStoreView, keyId: string, meta: RequestMetadata): KeyMetadataResponse {
  const src = latestSource(resolveKey(store, keyId, meta));
  const keyUsage: string[] = [];
  if (src.encrypt) keyUsage.push("ENCRYPT");
  if (src.decrypt) keyUsage.push("DECRYPT");
  return { keySpec: src.keySpec, keyUsage, keyStatus: src.enabled ? "ENABLED" : "DISABLED" };
}

export interface EncryptResponse {
  ciphertext: string;
  ciphertextMetadata: string;
  initializationVector: string;
  authenticationTag: string;
  ciphertextDataIntegrityValue?: string;
}

/**
 * The response body, as JSON.stringify would write it: every value is base64, which JSON never
 * escapes, so a template does in tens of nanoseconds what JSON.stringify does in about a microsecond.
 */
export function encryptResponseJson(r: EncryptResponse): string {
  const cdiv = r.ciphertextDataIntegrityValue === undefined ? "" : `,"ciphertextDataIntegrityValue":"${r.ciphertextDataIntegrityValue}"`;
  return `{"ciphertext":"${r.ciphertext}","ciphertextMetadata":"${r.ciphertextMetadata}","initializationVector":"${r.initializationVector}","authenticationTag":"${r.authenticationTag}"${cdiv}}`;
}

export function encrypt(
  store: KeyStoreView,
  keyId: string,
  req: EncryptRequest,
  router: CryptoRouter,
  deadline: number,
): MaybePromise<EncryptResponse> {
  const key = resolveKey(store, keyId, req.meta);
  const src = latestSource(key);
  assertEnabled(src);
  if (!src.encrypt) throw new XksError("InvalidKeyUsageException", "The external key does not allow ENCRYPT");
  // A CDIV promises that decrypt will succeed, which we prove by decrypting: needs DECRYPT too.
  if (req.wantCdiv && !src.decrypt) throw new XksError("InvalidKeyUsageException", "The external key does not allow DECRYPT, needed to verify a ciphertextDataIntegrityValue");

  const meta = encodeKeyVersion(key.latestVersion);
  const gcmAad = buildGcmAad(req.aad, meta);
  const answer = (out: GcmEncrypted): MaybePromise<EncryptResponse> => {
    const res: EncryptResponse = {
      ciphertext: out.ciphertext.toString("base64"),
      ciphertextMetadata: meta.toString("base64"),
      initializationVector: out.iv.toString("base64"),
      authenticationTag: out.tag.toString("base64"),
    };
    if (!req.wantCdiv) return res;
    // Appendix C: hash first, then the verifying decrypt, so a later corruption cannot hide.
    res.ciphertextDataIntegrityValue = ciphertextDataIntegrityValue(req.aad, meta, out.iv, out.ciphertext, out.tag);
    return andThen(router.decrypt(src, out.ciphertext, out.iv, out.tag, gcmAad, deadline), (check) => {
      const same = check.length === req.plaintext.length && timingSafeEqual(check, req.plaintext);
      check.fill(0);
      if (!same) throw new XksError("InternalException", "The key manager's ciphertext did not verify");
      return res;
    });
  };
  return andThen(router.encrypt(src, req.plaintext, gcmAad, deadline), answer);
}

export function decrypt(
  store: KeyStoreView,
  keyId: string,
  req: DecryptRequest,
  router: CryptoRouter,
  deadline: number,
): MaybePromise<{ plaintext: string }> {
  const key = resolveKey(store, keyId, req.meta);
  const version = decodeKeyVersion(req.ciphertextMetadata);
  const src = key.versions.get(version);
  if (!src) throw new XksError("InvalidCiphertextException", "ciphertextMetadata names a key version this key does not have");
  assertEnabled(src);
  if (!src.decrypt) throw new XksError("InvalidKeyUsageException", "The external key does not allow DECRYPT");
  const gcmAad = buildGcmAad(req.aad, req.ciphertextMetadata!);
  return andThen(router.decrypt(src, req.ciphertext, req.iv, req.tag, gcmAad, deadline), (pt) => {
    const plaintext = pt.toString("base64");
    pt.fill(0);
    return { plaintext };
  });
}

