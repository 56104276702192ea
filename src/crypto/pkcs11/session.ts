/**
 * Module, slot, session and login helpers. Runs inside a worker thread only: every call here blocks.
 */
import pkcs11js from "pkcs11js";
import { isCkr } from "./errors.js";

export type Pkcs11 = pkcs11js.PKCS11;
export type Handle = Buffer;

/** Session states from the PKCS#11 spec (pkcs11js does not export CKS_*). */
const CKS_RO_USER_FUNCTIONS = 1;
const CKS_RW_USER_FUNCTIONS = 3;

/** Loads the module in this thread. The library itself is process-global; the load is refcounted. */
export function loadModule(modulePath: string): Pkcs11 {
  const p = new pkcs11js.PKCS11();
  p.load(modulePath);
  return p;
}

/** C_Initialize; another thread (or partition) having done it already is the normal case. */
export function initialize(p: Pkcs11): void {
  try {
    p.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (e) {
    if (!isCkr(e, "CKR_CRYPTOKI_ALREADY_INITIALIZED")) throw e;
  }
}

export class TokenNotFoundError extends Error {}

/** Finds the slot by token label each time: slot ids may change when a token comes back. */
export function findSlot(p: Pkcs11, tokenLabel: string): Handle {
  for (const slot of p.C_GetSlotList(true)) {
    if (p.C_GetTokenInfo(slot).label.trim() === tokenLabel) return slot;
  }
  throw new TokenNotFoundError(`no token labelled "${tokenLabel}" present`);
}

/** "manufacturer model fw major.minor", e.g. "SoftHSM project SoftHSM v2 fw 2.6". */
export function tokenModel(p: Pkcs11, slot: Handle): string {
  const t = p.C_GetTokenInfo(slot);
  return `${t.manufacturerID.trim()} ${t.model.trim()} fw ${t.firmwareVersion.major}.${t.firmwareVersion.minor}`;
}

/**
 * Opens an R/W session (key generation needs it) and logs the user in. Login state is per token
 * per process, so CKR_USER_ALREADY_LOGGED_IN from the 2nd session on is expected. Consequence: a
 * wrong PIN is only detected while no session of this process is logged in to that token.
 */
export function openLoggedIn(p: Pkcs11, slot: Handle, pin: string): Handle {
  const session = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  try {
    login(p, session, pin);
  } catch (e) {
    closeQuietly(p, session);
    throw e;
  }
  return session;
}

export function login(p: Pkcs11, session: Handle, pin: string): void {
  try {
    p.C_Login(session, pkcs11js.CKU_USER, pin);
  } catch (e) {
    if (!isCkr(e, "CKR_USER_ALREADY_LOGGED_IN")) throw e;
  }
}

/** True when the session exists and the user is logged in on it (a cheap liveness probe). */
export function isLoggedIn(p: Pkcs11, session: Handle): boolean {
  const state = p.C_GetSessionInfo(session).state;
  return state === CKS_RO_USER_FUNCTIONS || state === CKS_RW_USER_FUNCTIONS;
}

export function closeQuietly(p: Pkcs11, session: Handle): void {
  try {
    p.C_CloseSession(session);
  } catch {
    // already gone: nothing to release
  }
}

/** Hex of the handle's bytes: a stable identity the main thread can compare across workers. */
export function handleId(h: Handle): string {
  return h.toString("hex");
}
