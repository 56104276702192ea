/**
 * Session recovery for real: a second pkcs11js instance in this test process closes every session
 * on the token (the library is process-global, so that includes the pool's), or changes the PIN so
 * re-login fails, and the pool must notice, reopen, re-login and carry on.
 *
 * The external C_CloseAllSessions is only ever called while the pool is idle: SoftHSM frees a
 * session object even while another thread is inside a call on it, which crashes the process (the
 * daemon itself never closes sessions it does not own). For the same reason `p` does not probe,
 * and `other` probes only once a second.
 */
import { randomBytes } from "node:crypto";
import pkcs11js from "pkcs11js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { isXksError } from "../src/errors.js";
import { Pkcs11Partition } from "../src/crypto/pkcs11/index.js";
import { openLibrary } from "./helpers/pkcs11-lib.js";
import { softhsm } from "./setup/softhsm.js";

const env = softhsm();
const TOKEN = env.tokens[0] as string;
const OTHER = env.tokens[1] as string;
const deadline = (): number => Date.now() + 10_000;

let p: Pkcs11Partition;
let other: Pkcs11Partition;
let lib: pkcs11js.PKCS11;
let slot: Buffer;
let key: string;
let otherKey: string;

beforeAll(async () => {
  p = await Pkcs11Partition.open({ modulePath: env.module, tokenLabel: TOKEN, pin: env.pin, sessions: 4, probeIntervalMs: 0, maxQueue: 1_000 });
  // A second partition on the same module: its sessions share the library's handle space.
  other = await Pkcs11Partition.open({ modulePath: env.module, tokenLabel: OTHER, pin: env.pin, sessions: 2, probeIntervalMs: 1_000, maxQueue: 1_000 });
  key = `recovery-${randomBytes(6).toString("hex")}`;
  otherKey = `recovery-b-${randomBytes(6).toString("hex")}`;
  await p.generateAesKey({ label: key, encrypt: true, decrypt: true });
  await other.generateAesKey({ label: otherKey, encrypt: true, decrypt: true });
  lib = openLibrary(env.module);
  const found = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trim() === TOKEN);
  if (!found) throw new Error("test token not found");
  slot = found;
});

afterAll(async () => {
  await p?.close();
  await other?.close();
  // No C_Finalize here: the pools' last worker already did it (and it is process-wide).
});

async function roundTrip(part: Pkcs11Partition, label: string, n: number): Promise<void> {
  const inputs = Array.from({ length: n }, (_, i) => ({ pt: randomBytes(32 + i), aad: Buffer.from(`r${i}`) }));
  const encs = await Promise.all(inputs.map((x) => part.encrypt(label, x.pt, x.aad, deadline())));
  const backs = await Promise.all(encs.map((e, i) => part.decrypt(label, e.ciphertext, e.iv, e.tag, inputs[i]!.aad, deadline())));
  backs.forEach((b, i) => expect(b.equals(inputs[i]!.pt)).toBe(true));
}

function closeAllWhenIdle(part: Pkcs11Partition, slotOf: Buffer): void {
  expect(part.stats().inUse).toBe(0);
  lib.C_CloseAllSessions(slotOf);
}

it("C_CloseAllSessions from outside: the next encrypt succeeds, every worker reopens and re-logs in", async () => {
  await roundTrip(p, key, 20);
  const before = p.stats().recoveries;
  closeAllWhenIdle(p, slot);

  // The worker that gets this request finds its session gone, reopens and retries it there.
  const enc = await p.encrypt(key, Buffer.from("after close-all"), Buffer.alloc(0), deadline());
  expect((await p.decrypt(key, enc.ciphertext, enc.iv, enc.tag, Buffer.alloc(0), deadline())).toString()).toBe("after close-all");
  expect(p.stats().recoveries - before).toBeGreaterThanOrEqual(1);

  // Load reaches the other workers; each finds its session dead, reopens, and its request is
  // retried on the new session: no request fails. Reopened sessions may reuse old handle numbers;
  // no two workers may end up sharing one (that would corrupt results here).
  await roundTrip(p, key, 200);
  expect(p.stats().recoveries - before).toBe(4);
  expect(p.health()).toBe("ACTIVE");
  expect(p.stats()).toMatchObject({ up: 4, size: 4, inUse: 0, waiting: 0 });
  // The other token's partition was not touched.
  await roundTrip(other, otherKey, 20);
  expect(other.health()).toBe("ACTIVE");
});

it("an idle pool's probes notice closed sessions and reopen them", async () => {
  const otherSlot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trim() === OTHER) as Buffer;
  await roundTrip(other, otherKey, 4);
  const before = other.stats().recoveries;
  closeAllWhenIdle(other, otherSlot);
  await expect.poll(() => other.stats().recoveries - before, { timeout: 10_000, interval: 50 }).toBe(2);
  expect(other.health()).toBe("ACTIVE");
  await roundTrip(other, otherKey, 20);
});

it("a token that cannot be logged in to: UNAVAILABLE and fast InternalException, then back to ACTIVE", async () => {
  const newPin = "temporarily-changed-pin";
  const s = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  try {
    lib.C_Login(s, pkcs11js.CKU_USER, env.pin);
  } catch (e) {
    if (!(e instanceof Error && e.message === "CKR_USER_ALREADY_LOGGED_IN")) throw e;
  }
  lib.C_SetPIN(s, env.pin, newPin);
  try {
    closeAllWhenIdle(p, slot); // also logs the token out: re-login with the old PIN now fails
    // Requests reach the workers one by one; each finds its session dead and cannot log in again.
    for (let i = 0; i < 50 && p.health() !== "UNAVAILABLE"; i++) {
      await p.encrypt(key, Buffer.from("x"), Buffer.alloc(0), deadline()).catch(() => undefined);
    }
    expect(p.health()).toBe("UNAVAILABLE");
    const t0 = Date.now();
    const err = await p.encrypt(key, Buffer.from("x"), Buffer.alloc(0), Date.now() + 5_000).catch((e: unknown) => e);
    expect(isXksError(err) && err.name).toBe("InternalException");
    expect((err as Error).message).toMatch(/unavailable, reconnecting: .*CKR_PIN_INCORRECT/);
    expect((err as Error).message).not.toContain(env.pin);
    expect(Date.now() - t0).toBeLessThan(100);
  } finally {
    // Put the PIN back; the pool's backoff reopen then logs in again.
    const s2 = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    lib.C_Login(s2, pkcs11js.CKU_USER, newPin);
    lib.C_SetPIN(s2, newPin, env.pin);
    lib.C_Logout(s2);
    lib.C_CloseSession(s2);
  }
  await expect.poll(() => p.health(), { timeout: 15_000, interval: 100 }).toBe("ACTIVE");
  await roundTrip(p, key, 50);
});
