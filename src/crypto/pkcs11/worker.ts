/**
 * The body of one pool worker thread: owns ONE session on one token and runs each request as a
 * whole, synchronously, so the main event loop never waits on the HSM. Messages are handled one at
 * a time in arrival order; every request gets exactly one reply.
 *
 * The worker never reopens a session on its own: the pool decides when (it must first make sure a
 * reused handle number does not belong to another worker). On a session-class error the worker
 * forgets its session and says so (sessionLost); the pool then sends "open".
 */
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { XksError } from "../../errors.js";
import { setThreadNice } from "../../threads.js";
import { decryptGcm, encryptGcm } from "./gcm.js";
import { isCkr, isHandleDead, isObjectHandleInvalid, mapPkcs11Error, safeMessage, type Pkcs11OpKind } from "./errors.js";
import { KEY_EXISTS, describeHandle, destroyByLabelAndId, findKey, findSecretKeys, generateAes256 } from "./keys.js";
import type { WorkerData, WorkerError, WorkerMessage, WorkerOp, WorkerOutcome, WorkerResult } from "./protocol.js";
import {
  TokenNotFoundError,
  closeQuietly,
  findSlot,
  handleId,
  initialize,
  isLoggedIn,
  loadModule,
  login,
  openLoggedIn,
  tokenModel,
  type Handle,
  type Pkcs11,
} from "./session.js";

const cfg = workerData as WorkerData;
const secrets = [cfg.pin];

let lib: Pkcs11 | null = null;
let initialized = false;
let session: Handle | null = null;
/** Key object handles by label: C_FindObjects runs only on a label's first use in this worker. */
const keyCache = new Map<string, Handle>();

/** Structured clone turns Buffers into Uint8Arrays; view them as Buffers without copying. */
function buf(u: Uint8Array): Buffer {
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

function requireSession(): { p: Pkcs11; s: Handle } {
  if (lib === null || session === null) throw new XksError("InternalException", `no open session on token "${cfg.tokenLabel}"; reconnecting`);
  return { p: lib, s: session };
}

function withKey<T>(label: string, use: (key: Handle) => T): T {
  const { p, s } = requireSession();
  let key = keyCache.get(label);
  if (key === undefined) {
    key = findKey(p, s, label);
    keyCache.set(label, key);
    return use(key);
  }
  try {
    return use(key);
  } catch (e) {
    if (!isObjectHandleInvalid(e)) throw e;
    // The object was recreated or the token reloaded: find it again, once.
    keyCache.delete(label);
    const again = findKey(p, s, label);
    keyCache.set(label, again);
    return use(again);
  }
}

function open(): WorkerResult {
  // Forget, never close, the old handle: see isHandleDead in errors.ts. When the old session was
  // still ours, fail() already closed it.
  session = null;
  keyCache.clear();
  if (lib === null) {
    try {
      lib = loadModule(cfg.modulePath);
    } catch (e) {
      throw new XksError("InternalException", `cannot load PKCS#11 module ${cfg.modulePath}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (!initialized) {
    initialize(lib);
    initialized = true;
  }
  let slot: Handle;
  try {
    slot = findSlot(lib, cfg.tokenLabel);
  } catch (e) {
    if (e instanceof TokenNotFoundError) throw new XksError("InternalException", `PKCS#11 token "${cfg.tokenLabel}" not found in ${cfg.modulePath}`);
    throw e;
  }
  const model = tokenModel(lib, slot);
  try {
    session = openLoggedIn(lib, slot, cfg.pin);
  } catch (e) {
    const code = e instanceof Error ? e.message : String(e);
    throw new XksError("InternalException", `cannot open a logged-in session on token "${cfg.tokenLabel}": ${code}`);
  }
  return { kind: "session", handle: handleId(session), model };
}

function probe(): WorkerResult {
  const { p, s } = requireSession();
  // The session exists but the token logged out (e.g. all sessions were closed and reopened).
  if (!isLoggedIn(p, s)) login(p, s, cfg.pin);
  return { kind: "done" };
}

function run(req: WorkerOp): WorkerResult {
  switch (req.op) {
    case "open":
      return open();
    case "probe":
      return probe();
    case "encrypt": {
      const data = withKey(req.label, (key) => encryptGcm(requireSession().p, requireSession().s, key, buf(req.plaintext), buf(req.aad), cfg.useHsmIv));
      return { kind: "encrypted", data };
    }
    case "decrypt": {
      const data = withKey(req.label, (key) =>
        decryptGcm(requireSession().p, requireSession().s, key, buf(req.ciphertext), buf(req.iv), buf(req.tag), buf(req.aad)),
      );
      return { kind: "plaintext", data };
    }
    case "describe": {
      const info = withKey(req.label, (key) => describeHandle(requireSession().p, requireSession().s, key));
      return { kind: "key", info };
    }
    case "generate": {
      const { p, s } = requireSession();
      const key = generateAes256(p, s, req);
      keyCache.set(req.label, key);
      return { kind: "key", info: describeHandle(p, s, key) };
    }
    case "destroy": {
      const { p, s } = requireSession();
      keyCache.delete(req.label);
      return { kind: "destroyed", count: destroyByLabelAndId(p, s, req.label, req.ckaId) };
    }
    case "list": {
      const { p, s } = requireSession();
      return { kind: "keys", infos: findSecretKeys(p, s).map((k) => describeHandle(p, s, k)) };
    }
    case "close":
      if (lib !== null && session !== null) closeQuietly(lib, session);
      session = null;
      keyCache.clear();
      return { kind: "done" };
    case "finalize":
      if (lib !== null) {
        try {
          lib.C_Finalize();
        } catch {
          // already finalized by someone else: nothing to do
        }
        initialized = false;
      }
      return { kind: "done" };
  }
}

function opKind(req: WorkerOp): Pkcs11OpKind {
  if (req.op === "encrypt" || req.op === "decrypt") return req.op;
  if (req.op === "open" || req.op === "probe" || req.op === "close" || req.op === "finalize") return "session";
  return "admin";
}

function what(req: WorkerOp): string {
  return "label" in req ? `${req.op} with key "${req.label.replace(/[^\x20-\x7e]/g, "?").slice(0, 128)}"` : `${req.op} on token "${cfg.tokenLabel}"`;
}

function fail(e: unknown, req: WorkerOp): WorkerError {
  if (e instanceof Error && e.name === KEY_EXISTS) return { name: "InternalException", message: safeMessage(e.message, secrets), sessionLost: false, exists: true };
  const m = mapPkcs11Error(e, opKind(req), what(req), secrets);
  if (req.op === "open") return { ...m, sessionLost: true };
  if (req.op === "close" || req.op === "finalize") return m;
  if (m.sessionLost || session === null) {
    // Close only a session that is still ours; a dead handle number may already be someone else's.
    if (lib !== null && session !== null && !isHandleDead(e)) closeQuietly(lib, session);
    session = null;
    keyCache.clear();
    if (isCkr(e, "CKR_CRYPTOKI_NOT_INITIALIZED")) initialized = false;
    return { ...m, sessionLost: true };
  }
  return m;
}

function handle(req: WorkerOp): WorkerOutcome {
  if ((req.op === "encrypt" || req.op === "decrypt") && Date.now() >= req.deadline) {
    // The pool has already answered DependencyTimeoutException; spare the HSM.
    return { ok: false, error: { name: "DependencyTimeoutException", message: "deadline passed before the HSM call", sessionLost: false } };
  }
  try {
    return { ok: true, result: run(req) };
  } catch (e) {
    return { ok: false, error: fail(e, req) };
  }
}

/** Runs a batch in order; stops at a lost session (the rest is the pool's to place elsewhere). */
function handleMessage(m: WorkerMessage): WorkerOutcome {
  if (m.op !== "batch") return handle(m);
  const outcomes: WorkerOutcome[] = [];
  for (const op of m.ops) {
    const o = handle(op);
    outcomes.push(o);
    if (!o.ok && o.error.sessionLost) break;
  }
  return { ok: true, result: { kind: "batch", outcomes } };
}

/** Result buffers are allocated here, one per result, and never reused: transfer instead of copy. */
function transferable(o: WorkerOutcome, into: ArrayBuffer[]): ArrayBuffer[] {
  if (!o.ok) return into;
  const r = o.result;
  if (r.kind === "encrypted" || r.kind === "plaintext") into.push(r.data.buffer as ArrayBuffer);
  else if (r.kind === "batch") for (const x of r.outcomes) transferable(x, into);
  return into;
}

const port = parentPort;
if (port === null) throw new Error("pkcs11 worker.ts must run in a worker thread");

/**
 * On a busy machine the event loops should not wait for the CPU behind HSM workers: they answer
 * probes, throttle and time requests out, and feed the workers bigger batches. Linux nice values
 * are per thread, so this thread lowers its own (measured on SoftHSM2: +12 % req/s).
 */
const WORKER_NICE = 10;
try {
  setThreadNice(WORKER_NICE);
} catch {
  // not Linux, or not permitted: keep the default priority
}

/**
 * This thread has one job, so it never returns to its event loop: it drains its port
 * synchronously and sleeps on a doorbell the pool rings after each post. That skips the event
 * loop's wake-up and message-event dispatch per request, which for a worker that runs an
 * HSM call in tens of microseconds was a large part of its CPU. terminate() still ends it (V8
 * interrupts Atomics.wait).
 */
const bell = new Int32Array(cfg.doorbell);
for (;;) {
  const rung = Atomics.load(bell, 0);
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
    const msg = m.message as WorkerMessage;
    const outcome = handleMessage(msg);
    port.postMessage({ id: msg.id, ...outcome }, transferable(outcome, []));
  }
  Atomics.wait(bell, 0, rung);
}
