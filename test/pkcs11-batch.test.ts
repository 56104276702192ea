/**
 * Batched dispatch in the PKCS#11 pool, against SoftHSM2 behind the fault shim: queued operations
 * travel to a worker several per message, and a session lost in the middle of a batch does not
 * fail the operations behind it (they had not run; they go to another session).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildShim, writeShimControl } from "../native-bench/shim/shim.mjs";
import { isXksError } from "../src/errors.js";
import { Pkcs11Partition } from "../src/crypto/pkcs11/index.js";
import { softhsm } from "./setup/softhsm.js";

const env = softhsm();
const control = join(mkdtempSync(join(tmpdir(), "xks-batch-")), "control");
const deadline = (): number => Date.now() + 20_000;
/** The shim notices a control-file change within a few ms; give it time. */
const shim = async (settings: Record<string, unknown>): Promise<void> => {
  writeShimControl(control, settings);
  await new Promise((r) => setTimeout(r, 100));
};
let p: Pkcs11Partition;
let key: string;

beforeAll(async () => {
  writeShimControl(control, {});
  process.env.XKS_SHIM_TARGET = env.module;
  process.env.XKS_SHIM_CONTROL = control;
  p = await Pkcs11Partition.open({ modulePath: buildShim(), tokenLabel: env.tokens[0] as string, pin: env.pin, sessions: 2, maxQueue: 1_000, probeIntervalMs: 0 });
  key = `batch-${randomBytes(6).toString("hex")}`;
  await p.generateAesKey({ label: key, encrypt: true, decrypt: true });
});

afterAll(async () => {
  writeShimControl(control, {});
  await p?.close();
});

it("a burst of queued encrypts goes to the workers in batches; every result is the request's own", async () => {
  const before = p.stats();
  const inputs = Array.from({ length: 120 }, (_, i) => ({ pt: randomBytes(16 + (i % 50)), aad: Buffer.from(`burst-${i}`) }));
  const encs = await Promise.all(inputs.map((x) => p.encrypt(key, x.pt, x.aad, deadline())));
  const after = p.stats();
  const ops = after.dispatchedOps - before.dispatchedOps;
  const batches = after.batches - before.batches;
  expect(ops).toBe(120);
  expect(batches).toBeLessThan(ops / 2); // 2 sessions, 118 queued: up to 8 per message
  const backs = await Promise.all(encs.map((e, i) => p.decrypt(key, e.ciphertext, e.iv, e.tag, inputs[i]!.aad, deadline())));
  backs.forEach((b, i) => expect(b.equals(inputs[i]!.pt)).toBe(true));
});

it("a session lost mid-batch: the operations behind it still run, on a reopened or the other session", async () => {
  await shim({ fail: "session_handle_invalid", failRate: 0.1, failCalls: ["C_Encrypt"] });
  const inputs = Array.from({ length: 200 }, (_, i) => ({ pt: randomBytes(24 + (i % 9)), aad: Buffer.from(`lost-${i}`) }));
  const settled = await Promise.allSettled(inputs.map((x) => p.encrypt(key, x.pt, x.aad, deadline())));
  await shim({});
  const failed = settled.filter((s) => s.status === "rejected");
  for (const f of failed) expect(isXksError(f.reason) && f.reason.name).toBe("InternalException");
  // A failure needs the injected fault twice in a row for the same operation (one retry): ~1 %.
  // Failing the not-yet-run rest of each broken batch would lose several per fault instead.
  expect(failed.length).toBeLessThan(20);
  expect(p.stats().recoveries).toBeGreaterThan(0);
  for (const [i, s] of settled.entries()) {
    if (s.status !== "fulfilled") continue;
    const back = await p.decrypt(key, s.value.ciphertext, s.value.iv, s.value.tag, inputs[i]!.aad, deadline());
    expect(back.equals(inputs[i]!.pt)).toBe(true);
  }
});
