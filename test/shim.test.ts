/**
 * libxks-shim.so (native-bench/shim): a PKCS#11 module that forwards to SoftHSM2 and adds latency
 * or injects failures, driven by a control file the test rewrites while calls are running.
 * Real SoftHSM2 through the real shim via pkcs11js; no mocks. This file loads SoftHSM only through
 * the shim (one C_Initialize per process).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import pkcs11js from "pkcs11js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildShim, writeShimControl, type ShimSettings } from "../native-bench/shim/shim.mjs";
import { softhsm } from "./setup/softhsm.js";

const env = softhsm();
const p11 = new pkcs11js.PKCS11();
let dir = "";
let control = "";
let shimPath = "";
let slot: Buffer;
let session: Buffer;
let key: Buffer;
const extraSessions: Buffer[] = [];

/** The shim re-reads the control file at most every ~50 ms: wait a little longer than that. */
async function setControl(settings: ShimSettings): Promise<void> {
  writeShimControl(control, settings);
  await sleep(80);
}

function gcm(iv: Buffer, aad = Buffer.from("xks-aad")): pkcs11js.Mechanism {
  const parameter: pkcs11js.GcmParams = { type: pkcs11js.CK_PARAMS_GCM, iv, ivBits: 96, aad, tagBits: 128 };
  return { mechanism: pkcs11js.CKM_AES_GCM, parameter };
}

function encrypt(s: Buffer, plain: Buffer, iv: Buffer): Buffer {
  p11.C_EncryptInit(s, gcm(iv), key);
  return Buffer.from(p11.C_Encrypt(s, plain, Buffer.alloc(plain.length + 16)));
}

function decrypt(s: Buffer, ct: Buffer, iv: Buffer): Buffer {
  p11.C_DecryptInit(s, gcm(iv), key);
  return Buffer.from(p11.C_Decrypt(s, ct, Buffer.alloc(ct.length)));
}

function roundTrip(s: Buffer = session): void {
  const iv = Buffer.from(p11.C_GenerateRandom(s, Buffer.alloc(12)));
  const plain = Buffer.from("attack at dawn: " + iv.toString("hex"));
  const ct = encrypt(s, plain, iv);
  expect(ct.length).toBe(plain.length + 16);
  expect(ct.subarray(0, plain.length).equals(plain)).toBe(false);
  expect(decrypt(s, ct, iv).equals(plain)).toBe(true);
}

/** Runs fn and returns the PKCS#11 error name it throws (or "CKR_OK"). */
function rvOf(fn: () => unknown): string {
  try {
    fn();
    return "CKR_OK";
  } catch (e) {
    expect(e).toBeInstanceOf(pkcs11js.Pkcs11Error);
    return rvName((e as pkcs11js.Pkcs11Error).code);
  }
}

function rvName(code: number): string {
  for (const name of ["CKR_DEVICE_ERROR", "CKR_SESSION_HANDLE_INVALID", "CKR_TOKEN_NOT_PRESENT", "CKR_OPERATION_ACTIVE", "CKR_OK"] as const) {
    if ((pkcs11js as unknown as Record<string, number>)[name] === code) return name;
  }
  return `0x${code.toString(16)}`;
}

function openSession(): Buffer {
  return p11.C_OpenSession(slot, pkcs11js.CKF_RW_SESSION | pkcs11js.CKF_SERIAL_SESSION);
}

beforeAll(() => {
  shimPath = buildShim();
  dir = mkdtempSync(join(tmpdir(), "xks-shim-"));
  control = join(dir, "shim.ctl");
  writeShimControl(control, {});
  process.env.XKS_SHIM_TARGET = env.module;
  process.env.XKS_SHIM_CONTROL = control;

  p11.load(shimPath);
  p11.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK }); // threads: SoftHSM disables its locks for NULL init args
  const label = env.tokens[0] as string;
  const found = p11.C_GetSlotList(true).find((s) => p11.C_GetTokenInfo(s).label.trim() === label);
  if (!found) throw new Error(`token ${label} not found through the shim`);
  slot = found;
  session = openSession();
  p11.C_Login(session, pkcs11js.CKU_USER, env.pin);
  key = p11.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
    { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
    { type: pkcs11js.CKA_TOKEN, value: false },
    { type: pkcs11js.CKA_ENCRYPT, value: true },
    { type: pkcs11js.CKA_DECRYPT, value: true },
  ]);
});

afterEach(async () => {
  // Every test leaves a healthy shim behind, even when it failed half-way.
  writeShimControl(control, {});
  await sleep(80);
});

afterAll(() => {
  try {
    if (control) writeShimControl(control, {});
    for (const s of extraSessions) rvOf(() => p11.C_CloseSession(s));
    if (session) rvOf(() => p11.C_CloseSession(session));
    p11.C_Finalize();
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

describe("pass-through", () => {
  it("C_GetInfo names the shim and the target; the token is SoftHSM's", () => {
    const info = p11.C_GetInfo();
    expect(info.libraryDescription.trim()).toBe("xks-shim over libsofthsm2.so");
    expect(info.manufacturerID.trim()).toMatch(/SoftHSM/);
    expect(p11.C_GetTokenInfo(slot).label.trim()).toBe(env.tokens[0]);
  });

  it("AES-256-GCM encrypt/decrypt round trips through the shim", () => {
    roundTrip();
    roundTrip();
  });
});

describe("latency", () => {
  it("latency_us=2000 makes EncryptInit+Encrypt take at least 4 ms", async () => {
    await setControl({ latencyUs: 2000 });
    const iv = Buffer.alloc(12, 7);
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      encrypt(session, Buffer.from("slow hsm"), iv);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(4);
    }
  });

  it("jitter_us adds on top of latency_us; latency_all=1 delays non-crypto calls too", async () => {
    await setControl({ latencyUs: 1000, jitterUs: 2000 });
    let t0 = performance.now();
    p11.C_DecryptInit(session, gcm(Buffer.alloc(12, 1)), key);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1);
    rvOf(() => p11.C_Decrypt(session, Buffer.alloc(32), Buffer.alloc(32))); // ends the operation (tag mismatch)

    await setControl({ latencyUs: 3000, latencyAll: true });
    t0 = performance.now();
    p11.C_GenerateRandom(session, Buffer.alloc(16));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(3);
  });

  it("can be set from the environment at load time (XKS_SHIM_* variables)", async () => {
    // The env is read once at load; prove the names by a child process loading its own shim.
    const { execFileSync } = await import("node:child_process");
    const script = `
      const pkcs11js = require("pkcs11js");
      const p = new pkcs11js.PKCS11();
      p.load(process.argv[1]);
      p.C_Initialize();
      const slot = p.C_GetSlotList(true)[0];
      let code = 0;
      try { p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION); } catch (e) { code = e.code; }
      p.C_Finalize();
      process.stdout.write(String(code));
    `;
    const out = execFileSync(process.execPath, ["-e", script, shimPath], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        XKS_SHIM_CONTROL: "",
        XKS_SHIM_TARGET: env.module,
        XKS_SHIM_FAIL: "device_error",
        XKS_SHIM_FAIL_RATE: "1",
        XKS_SHIM_FAIL_CALLS: "C_OpenSession",
      },
      encoding: "utf8",
    });
    expect(Number(out)).toBe(pkcs11js.CKR_DEVICE_ERROR);
  });
});

describe("failure injection", () => {
  it("fail=device_error makes C_Encrypt fail with CKR_DEVICE_ERROR; removing it restores service on the same session", async () => {
    await setControl({ fail: "device_error", failCalls: ["C_Encrypt"] });
    const iv = Buffer.alloc(12, 3);
    p11.C_EncryptInit(session, gcm(iv), key); // not listed: passes
    expect(rvOf(() => p11.C_Encrypt(session, Buffer.from("x"), Buffer.alloc(17)))).toBe("CKR_DEVICE_ERROR");

    await setControl({ fail: "device_error" }); // default set: the four crypto calls
    expect(rvOf(() => p11.C_EncryptInit(session, gcm(iv), key))).toBe("CKR_DEVICE_ERROR");
    expect(rvOf(() => p11.C_DecryptInit(session, gcm(iv), key))).toBe("CKR_DEVICE_ERROR");
    expect(rvOf(() => p11.C_GenerateRandom(session, Buffer.alloc(8)))).toBe("CKR_OK");

    await setControl({ fail: "none" });
    roundTrip(); // the failed C_Encrypt ended the operation in SoftHSM too: no CKR_OPERATION_ACTIVE
  });

  it("fail=session_handle_invalid fails the crypto calls, then clears", async () => {
    await setControl({ fail: "session_handle_invalid" });
    expect(rvOf(() => p11.C_EncryptInit(session, gcm(Buffer.alloc(12)), key))).toBe("CKR_SESSION_HANDLE_INVALID");
    await setControl({ fail: "session_handle_invalid", failCalls: "C_Decrypt" });
    const iv = Buffer.alloc(12, 9);
    const ct = encrypt(session, Buffer.from("hello"), iv);
    p11.C_DecryptInit(session, gcm(iv), key);
    expect(rvOf(() => p11.C_Decrypt(session, ct, Buffer.alloc(ct.length)))).toBe("CKR_SESSION_HANDLE_INVALID");
    await setControl({});
    roundTrip();
  });

  it("fail=token_not_present: crypto fails, C_GetSlotList(true) lists no slot, C_OpenSession fails; then the token comes back", async () => {
    await setControl({ fail: "token_not_present", failCalls: ["C_EncryptInit", "C_Encrypt", "C_DecryptInit", "C_Decrypt", "C_GetSlotList", "C_OpenSession", "C_Login"] });
    expect(rvOf(() => p11.C_EncryptInit(session, gcm(Buffer.alloc(12)), key))).toBe("CKR_TOKEN_NOT_PRESENT");
    expect(p11.C_GetSlotList(true)).toEqual([]);
    expect(p11.C_GetSlotList(false).some((s) => s.equals(slot))).toBe(true); // the slot (reader) is still there
    expect(rvOf(() => openSession())).toBe("CKR_TOKEN_NOT_PRESENT");

    await setControl({ fail: "none" });
    expect(p11.C_GetSlotList(true).some((s) => s.equals(slot))).toBe(true);
    const s2 = openSession();
    extraSessions.push(s2);
    roundTrip(s2); // same login state (per token, per process)
    roundTrip();
  });

  it("fail_rate injects on a fraction of calls only", async () => {
    await setControl({ fail: "device_error", failRate: 0.5, failCalls: ["C_GenerateRandom"] });
    const results = Array.from({ length: 200 }, () => rvOf(() => p11.C_GenerateRandom(session, Buffer.alloc(4))));
    const failed = results.filter((r) => r === "CKR_DEVICE_ERROR").length;
    expect(results.every((r) => r === "CKR_OK" || r === "CKR_DEVICE_ERROR")).toBe(true);
    expect(failed).toBeGreaterThan(20);
    expect(failed).toBeLessThan(180);
  });
});

describe("fail=hang", () => {
  it("blocks C_Encrypt (on a libuv worker thread) until the control file changes, then completes", async () => {
    await setControl({ fail: "hang", failCalls: ["C_Encrypt"] });
    const iv = Buffer.alloc(12, 5);
    const plain = Buffer.from("held by a hung HSM");
    p11.C_EncryptInit(session, gcm(iv), key);
    let settledAt = 0;
    const pending = p11.C_EncryptAsync(session, plain, Buffer.alloc(plain.length + 16)).finally(() => {
      settledAt = performance.now();
    });
    await sleep(400);
    expect(settledAt).toBe(0); // still hanging
    const releasedAt = performance.now();
    writeShimControl(control, { fail: "none" });
    const ct = Buffer.from(await pending);
    expect(settledAt).toBeGreaterThanOrEqual(releasedAt);
    expect(decrypt(session, ct, iv).equals(plain)).toBe(true);
  });

  it("a hung call released into another failure returns that failure; hang_timeout_ms bounds a hang", async () => {
    await setControl({ fail: "hang", failCalls: ["C_Encrypt"] });
    const iv = Buffer.alloc(12, 6);
    p11.C_EncryptInit(session, gcm(iv), key);
    const pending = p11.C_EncryptAsync(session, Buffer.from("x"), Buffer.alloc(17)).then(
      () => "CKR_OK",
      (e: pkcs11js.Pkcs11Error) => rvName(e.code),
    );
    await sleep(200);
    writeShimControl(control, { fail: "device_error", failCalls: ["C_Encrypt"] });
    expect(await pending).toBe("CKR_DEVICE_ERROR");

    await setControl({ fail: "hang", failCalls: ["C_Encrypt"], hangTimeoutMs: 300 });
    p11.C_EncryptInit(session, gcm(iv), key); // the injected error ended the previous operation
    const t0 = performance.now();
    const timedOut = await p11.C_EncryptAsync(session, Buffer.from("x"), Buffer.alloc(17)).then(
      () => "CKR_OK",
      (e: pkcs11js.Pkcs11Error) => rvName(e.code),
    );
    expect(timedOut).toBe("CKR_DEVICE_ERROR");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);

    await setControl({});
    roundTrip();
  });
});

describe("concurrency", () => {
  it("many worker threads encrypt at once while the control file flips latency and failures", async () => {
    const sessions = Array.from({ length: 4 }, () => openSession());
    extraSessions.push(...sessions);
    const outcomes: string[] = [];
    let flipping = true;
    const flipper = (async () => {
      const modes: ShimSettings[] = [
        { latencyUs: 500, jitterUs: 1000 },
        { fail: "device_error", failRate: 0.3 },
        { latencyUs: 200, fail: "session_handle_invalid", failRate: 0.2, failCalls: ["C_Encrypt", "C_Decrypt"] },
        {},
      ];
      for (let i = 0; flipping; i++) {
        writeShimControl(control, modes[i % modes.length] as ShimSettings);
        await sleep(30);
      }
    })();

    await Promise.all(
      sessions.map(async (s, n) => {
        for (let i = 0; i < 25; i++) {
          const iv = Buffer.alloc(12, n * 32 + i);
          const plain = Buffer.from(`session ${n} message ${i}`);
          try {
            p11.C_EncryptInit(s, gcm(iv), key);
            const ct = Buffer.from(await p11.C_EncryptAsync(s, plain, Buffer.alloc(plain.length + 16)));
            p11.C_DecryptInit(s, gcm(iv), key);
            const back = Buffer.from(await p11.C_DecryptAsync(s, ct, Buffer.alloc(ct.length)));
            expect(back.equals(plain)).toBe(true);
            outcomes.push("CKR_OK");
          } catch (e) {
            outcomes.push(rvName((e as pkcs11js.Pkcs11Error).code));
          }
        }
      }),
    );
    flipping = false;
    await flipper;

    // Only injected errors, never CKR_OPERATION_ACTIVE (an injected error ends the operation in the target).
    expect(outcomes.length).toBe(100);
    expect(outcomes.filter((o) => !["CKR_OK", "CKR_DEVICE_ERROR", "CKR_SESSION_HANDLE_INVALID"].includes(o))).toEqual([]);
    expect(outcomes).toContain("CKR_OK");

    writeShimControl(control, {});
    await sleep(80);
    for (const s of sessions) roundTrip(s);
  });
});
