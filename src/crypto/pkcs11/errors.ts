/**
 * The one place where PKCS#11 return values (CKR_*) become XKS errors. Used inside the workers; the
 * main thread only sees the resulting { name, message, sessionLost } triple.
 */
import { XksError, type XksErrorName } from "../../errors.js";

/** What the worker did when a call failed; decrypt failures mean something different from encrypt's. */
export type Pkcs11OpKind = "encrypt" | "decrypt" | "admin" | "session";

export interface MappedError {
  name: XksErrorName;
  message: string;
  /** The session (or the whole token/library) is gone: the pool must reopen before reusing this worker. */
  sessionLost: boolean;
}

/** Errors after which the session cannot be trusted; all of them trigger the reopen path. */
const SESSION_LOST = new Set([
  "CKR_DEVICE_ERROR",
  "CKR_DEVICE_REMOVED",
  "CKR_DEVICE_MEMORY",
  "CKR_TOKEN_NOT_PRESENT",
  "CKR_TOKEN_NOT_RECOGNIZED",
  "CKR_SESSION_HANDLE_INVALID",
  "CKR_SESSION_CLOSED",
  "CKR_USER_NOT_LOGGED_IN",
  "CKR_CRYPTOKI_NOT_INITIALIZED",
  // An operation left active (a module that does not end it on error) poisons every later call:
  // closing the session is the only portable way to end it.
  "CKR_OPERATION_ACTIVE",
]);

/**
 * Of the session-lost errors, those after which our handle no longer names our session. The worker
 * must then forget the handle WITHOUT C_CloseSession: libraries (SoftHSM among them) reuse handle
 * numbers, so closing a dead handle could close a session another worker has just been given.
 */
const HANDLE_DEAD = new Set([
  "CKR_SESSION_HANDLE_INVALID",
  "CKR_SESSION_CLOSED",
  "CKR_DEVICE_REMOVED",
  "CKR_TOKEN_NOT_PRESENT",
  "CKR_TOKEN_NOT_RECOGNIZED",
  "CKR_CRYPTOKI_NOT_INITIALIZED",
]);

const BAD_CIPHERTEXT = new Set(["CKR_GENERAL_ERROR", "CKR_ENCRYPTED_DATA_INVALID", "CKR_ENCRYPTED_DATA_LEN_RANGE"]);
const BAD_KEY_USAGE = new Set(["CKR_KEY_FUNCTION_NOT_PERMITTED", "CKR_KEY_TYPE_INCONSISTENT"]);
const OBJECT_GONE = new Set(["CKR_OBJECT_HANDLE_INVALID", "CKR_KEY_HANDLE_INVALID"]);

/** The CKR_* name of a pkcs11js Pkcs11Error (its message is exactly the name), else undefined. */
export function ckrName(e: unknown): string | undefined {
  if (e instanceof Error && e.name === "Pkcs11Error" && /^CKR_[A-Z0-9_]+$/.test(e.message)) return e.message;
  return undefined;
}

export function isCkr(e: unknown, name: string): boolean {
  return ckrName(e) === name;
}

/** A cached key object handle went stale: drop it and find the key again. */
export function isObjectHandleInvalid(e: unknown): boolean {
  const n = ckrName(e);
  return n !== undefined && OBJECT_GONE.has(n);
}

export function isSessionLost(e: unknown): boolean {
  const n = ckrName(e);
  return n !== undefined && SESSION_LOST.has(n);
}

export function isHandleDead(e: unknown): boolean {
  const n = ckrName(e);
  return n !== undefined && HANDLE_DEAD.has(n);
}

/**
 * Keeps a message printable ASCII and < 512 chars (spec), and removes secrets (the PIN) should a
 * library ever echo one back.
 */
export function safeMessage(message: string, secrets: readonly string[] = []): string {
  let m = message;
  for (const s of secrets) if (s.length > 0) m = m.split(s).join("***");
  m = m.replace(/[^\x20-\x7e]/g, "?");
  return m.length > 500 ? `${m.slice(0, 497)}...` : m;
}

/** Maps any failure inside a worker to one XKS error; `what` says what was attempted (no secrets). */
export function mapPkcs11Error(e: unknown, op: Pkcs11OpKind, what: string, secrets: readonly string[] = []): MappedError {
  if (e instanceof XksError) return { name: e.name, message: safeMessage(e.message, secrets), sessionLost: false };
  const ckr = ckrName(e);
  if (ckr === undefined) {
    const detail = e instanceof Error ? e.message : String(e);
    return { name: "InternalException", message: safeMessage(`${what} failed: ${detail}`, secrets), sessionLost: false };
  }
  if (op === "decrypt" && BAD_CIPHERTEXT.has(ckr)) {
    // GCM tag/AAD/IV mismatch: SoftHSM says CKR_GENERAL_ERROR, others CKR_ENCRYPTED_DATA_INVALID.
    return { name: "InvalidCiphertextException", message: `${what}: ciphertext failed authentication (${ckr})`, sessionLost: false };
  }
  if ((op === "encrypt" || op === "decrypt") && BAD_KEY_USAGE.has(ckr)) {
    return { name: "InvalidKeyUsageException", message: safeMessage(`${what}: key does not permit ${op} (${ckr})`, secrets), sessionLost: false };
  }
  if (SESSION_LOST.has(ckr)) {
    return { name: "InternalException", message: safeMessage(`${what}: HSM session lost (${ckr}); reconnecting`, secrets), sessionLost: true };
  }
  return { name: "InternalException", message: safeMessage(`${what} failed: ${ckr}`, secrets), sessionLost: false };
}
