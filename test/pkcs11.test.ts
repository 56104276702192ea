/**
 * PKCS#11 backend against the run's real SoftHSM2 tokens: open, key admin, AES-GCM, error mapping,
 * two independent partitions.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isXksError, type XksErrorName } from "../src/errors.js";
import { HsmKeyExistsError, Pkcs11Backends, Pkcs11Partition } from "../src/crypto/pkcs11/index.js";
import { softhsm } from "./setup/softhsm.js";

const env = softhsm();
const [TOKEN_A, TOKEN_B] = env.tokens as [string, string];
const uniq = (p: string): string => `${p}-${randomBytes(6).toString("hex")}`;
const soon = (): number => Date.now() + 5_000;

async function xksErrorOf(p: Promise<unknown>): Promise<XksErrorName> {
  try {
    await p;
  } catch (e) {
    if (isXksError(e)) return e.name;
    throw e;
  }
  throw new Error("expected an XksError, the call succeeded");
}

let a: Pkcs11Partition;
let b: Pkcs11Partition;
let key: string;

beforeAll(async () => {
  a = await Pkcs11Partition.open({ modulePath: env.module, tokenLabel: TOKEN_A, pin: env.pin, sessions: 2 });
  b = await Pkcs11Partition.open({ modulePath: env.module, tokenLabel: TOKEN_B, pin: env.pin, sessions: 2, id: "partition-b" });
  key = uniq("gcm");
  await a.generateAesKey({ label: key, encrypt: true, decrypt: true });
});

afterAll(async () => {
  await a?.close();
  await b?.close();
});

describe("Pkcs11Partition.open", () => {
  it("reports the token model and id, ACTIVE with idle stats", () => {
    expect(a.model).toBe("SoftHSM project SoftHSM v2 fw 2.6");
    expect(a.id).toBe(TOKEN_A);
    expect(b.id).toBe("partition-b");
    expect(a.health()).toBe("ACTIVE");
    expect(a.stats()).toMatchObject({ inUse: 0, waiting: 0, size: 2 });
  });

  it("rejects an unknown token label and a missing module with clear messages", async () => {
    await expect(Pkcs11Partition.open({ modulePath: env.module, tokenLabel: "no-such-token", pin: env.pin, sessions: 1 })).rejects.toThrow(
      /token "no-such-token" not found/,
    );
    await expect(Pkcs11Partition.open({ modulePath: "/nonexistent/libnope.so", tokenLabel: TOKEN_A, pin: env.pin, sessions: 1 })).rejects.toThrow(
      /cannot load PKCS#11 module \/nonexistent\/libnope.so/,
    );
  });
});

describe("key admin", () => {
  it("generates a sensitive, non-extractable AES-256 key and describes it", async () => {
    const label = uniq("admin");
    const made = await a.generateAesKey({ label, encrypt: true, decrypt: true });
    expect(made).toMatchObject({ label, keySpec: "AES_256", encrypt: true, decrypt: true, sensitive: true, extractable: false });
    expect(made.ckaId).toMatch(/^[0-9a-f]{32}$/);
    expect(await a.describeKey(label)).toEqual(made);
    const listed = await a.listKeys();
    expect(listed.find((k) => k.label === label)).toEqual(made);
  });

  it("honours the usage flags", async () => {
    const label = uniq("enc-only");
    expect(await a.generateAesKey({ label, encrypt: true, decrypt: false })).toMatchObject({ encrypt: true, decrypt: false });
  });

  it("refuses a second key with the same label", async () => {
    const label = uniq("dup");
    await a.generateAesKey({ label, encrypt: true, decrypt: true });
    const err = await a.generateAesKey({ label, encrypt: true, decrypt: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HsmKeyExistsError);
    expect((err as HsmKeyExistsError).code).toBe("ALREADY_EXISTS");
  });

  it("describeKey of an unknown label is KeyNotFoundException", async () => {
    expect(await xksErrorOf(a.describeKey(uniq("absent")))).toBe("KeyNotFoundException");
  });
});

describe("AES-256-GCM", () => {
  it("round-trips 4300 bytes with 8192 bytes of AAD", async () => {
    const pt = randomBytes(4300);
    const aad = randomBytes(8192);
    const enc = await a.encrypt(key, pt, aad, soon());
    expect(enc.iv.length).toBe(12);
    expect(enc.tag.length).toBe(16);
    expect(enc.ciphertext.length).toBe(pt.length);
    expect(enc.ciphertext.equals(pt)).toBe(false);
    const back = await a.decrypt(key, enc.ciphertext, enc.iv, enc.tag, aad, soon());
    expect(back.equals(pt)).toBe(true);
  });

  it("round-trips without AAD and with an empty plaintext", async () => {
    const enc = await a.encrypt(key, Buffer.from("no aad"), Buffer.alloc(0), soon());
    expect((await a.decrypt(key, enc.ciphertext, enc.iv, enc.tag, Buffer.alloc(0), soon())).toString()).toBe("no aad");
    const empty = await a.encrypt(key, Buffer.alloc(0), Buffer.from("aad"), soon());
    expect(empty.ciphertext.length).toBe(0);
    expect((await a.decrypt(key, empty.ciphertext, empty.iv, empty.tag, Buffer.from("aad"), soon())).length).toBe(0);
  });

  it("uses a fresh random IV per encryption", async () => {
    const pt = Buffer.from("same plaintext");
    const ivs = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const enc = await a.encrypt(key, pt, Buffer.alloc(0), soon());
      expect(enc.iv.equals(Buffer.alloc(12))).toBe(false);
      ivs.add(enc.iv.toString("hex"));
    }
    expect(ivs.size).toBe(20);
  });

  it("tampered tag, AAD, IV or ciphertext is InvalidCiphertextException", async () => {
    const pt = randomBytes(64);
    const aad = Buffer.from("context");
    const enc = await a.encrypt(key, pt, aad, soon());
    const flip = (buf: Buffer, i = 0): Buffer => {
      const c = Buffer.from(buf);
      c[i] = (c[i] as number) ^ 0x01;
      return c;
    };
    expect(await xksErrorOf(a.decrypt(key, enc.ciphertext, enc.iv, flip(enc.tag), aad, soon()))).toBe("InvalidCiphertextException");
    expect(await xksErrorOf(a.decrypt(key, enc.ciphertext, enc.iv, enc.tag, Buffer.from("contexT"), soon()))).toBe("InvalidCiphertextException");
    expect(await xksErrorOf(a.decrypt(key, enc.ciphertext, enc.iv, enc.tag, Buffer.alloc(0), soon()))).toBe("InvalidCiphertextException");
    expect(await xksErrorOf(a.decrypt(key, enc.ciphertext, flip(enc.iv, 11), enc.tag, aad, soon()))).toBe("InvalidCiphertextException");
    expect(await xksErrorOf(a.decrypt(key, flip(enc.ciphertext, 63), enc.iv, enc.tag, aad, soon()))).toBe("InvalidCiphertextException");
    expect(await xksErrorOf(a.decrypt(key, enc.ciphertext.subarray(1), enc.iv, enc.tag, aad, soon()))).toBe("InvalidCiphertextException");
    expect(await xksErrorOf(a.decrypt(key, enc.ciphertext, enc.iv, enc.tag.subarray(0, 12), aad, soon()))).toBe("InvalidCiphertextException");
    // the sessions are still clean afterwards
    expect((await a.decrypt(key, enc.ciphertext, enc.iv, enc.tag, aad, soon())).equals(pt)).toBe(true);
  });

  it("decrypting with an encrypt-only key is InvalidKeyUsageException", async () => {
    const label = uniq("enc-only");
    await a.generateAesKey({ label, encrypt: true, decrypt: false });
    const enc = await a.encrypt(label, Buffer.from("x"), Buffer.alloc(0), soon());
    expect(await xksErrorOf(a.decrypt(label, enc.ciphertext, enc.iv, enc.tag, Buffer.alloc(0), soon()))).toBe("InvalidKeyUsageException");
    const decOnly = uniq("dec-only");
    await a.generateAesKey({ label: decOnly, encrypt: false, decrypt: true });
    expect(await xksErrorOf(a.encrypt(decOnly, Buffer.from("x"), Buffer.alloc(0), soon()))).toBe("InvalidKeyUsageException");
  });

  it("an unknown label is KeyNotFoundException", async () => {
    const label = uniq("missing");
    expect(await xksErrorOf(a.encrypt(label, Buffer.from("x"), Buffer.alloc(0), soon()))).toBe("KeyNotFoundException");
    // a key created later under that label is found (misses are not cached)
    await a.generateAesKey({ label, encrypt: true, decrypt: true });
    expect((await a.encrypt(label, Buffer.from("x"), Buffer.alloc(0), soon())).tag.length).toBe(16);
  });

  it("useHsmIv on a module that does not generate IVs fails instead of using a zero IV", async () => {
    const p = await Pkcs11Partition.open({ modulePath: env.module, tokenLabel: TOKEN_A, pin: env.pin, sessions: 1, useHsmIv: true });
    try {
      const err = await p.encrypt(key, Buffer.from("x"), Buffer.alloc(0), soon()).catch((e: unknown) => e);
      expect(isXksError(err) && err.name).toBe("InternalException");
      expect((err as Error).message).toMatch(/did not return a generated IV/);
    } finally {
      await p.close();
    }
  });
});

describe("two partitions", () => {
  it("work independently; a key on token A is not found on token B", async () => {
    const onB = uniq("on-b");
    await b.generateAesKey({ label: onB, encrypt: true, decrypt: true });
    expect(await xksErrorOf(b.encrypt(key, Buffer.from("x"), Buffer.alloc(0), soon()))).toBe("KeyNotFoundException");
    expect(await xksErrorOf(a.describeKey(onB))).toBe("KeyNotFoundException");
    const [ea, eb] = await Promise.all([a.encrypt(key, Buffer.from("to A"), Buffer.alloc(0), soon()), b.encrypt(onB, Buffer.from("to B"), Buffer.alloc(0), soon())]);
    expect((await a.decrypt(key, ea.ciphertext, ea.iv, ea.tag, Buffer.alloc(0), soon())).toString()).toBe("to A");
    expect((await b.decrypt(onB, eb.ciphertext, eb.iv, eb.tag, Buffer.alloc(0), soon())).toString()).toBe("to B");
  });

  it("Pkcs11Backends routes admin calls by partition and rejects unknown ones", async () => {
    const backends = new Pkcs11Backends([a, b]);
    expect(backends.get(TOKEN_A)).toBe(a);
    expect(backends.all()).toEqual([a, b]);
    const label = uniq("via-backends");
    const info = await backends.generateAesKey(TOKEN_B, { label, encrypt: true, decrypt: false });
    expect(await backends.describeKey({ partition: TOKEN_B, label })).toEqual(info);
    expect((await backends.listKeys(TOKEN_B)).some((k) => k.label === label)).toBe(true);
    expect(await xksErrorOf(backends.describeKey({ partition: TOKEN_A, label }))).toBe("KeyNotFoundException");
    await expect(backends.listKeys("nope")).rejects.toThrow(/unknown PKCS#11 partition "nope"/);
    expect(() => new Pkcs11Backends([a, a])).toThrow(/configured twice/);
  });
});
