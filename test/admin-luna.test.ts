/** The admin plane's luna-hsm paths against real SoftHSM2 partitions (generate, register, list). */
import { randomBytes } from "node:crypto";
import pkcs11js from "pkcs11js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDaemon, type TestDaemon } from "./helpers/daemon.js";
import { openLibrary } from "./helpers/pkcs11-lib.js";
import { softhsm } from "./setup/softhsm.js";

const env = softhsm();
const token = env.tokens[1]!;

/** Creates a key in the token directly, as an HSM administrator would. */
function tokenKey(label: string, bits: number, encrypt: boolean, decrypt: boolean): void {
  const lib = openLibrary(env.module);
  const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trim() === token)!;
  const s = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  try {
    try {
      lib.C_Login(s, pkcs11js.CKU_USER, env.pin);
    } catch (e) {
      if (!(e instanceof Error && e.message === "CKR_USER_ALREADY_LOGGED_IN")) throw e;
    }
    lib.C_GenerateKey(s, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_PRIVATE, value: true },
      { type: pkcs11js.CKA_VALUE_LEN, value: bits / 8 },
      { type: pkcs11js.CKA_LABEL, value: label },
      { type: pkcs11js.CKA_ENCRYPT, value: encrypt },
      { type: pkcs11js.CKA_DECRYPT, value: decrypt },
      { type: pkcs11js.CKA_SENSITIVE, value: true },
    ]);
  } finally {
    lib.C_CloseSession(s);
  }
}

describe("admin: luna-hsm source keys", () => {
  let t: TestDaemon;
  beforeAll(async () => {
    t = await startTestDaemon({ hsm: true, sessions: 2 });
  });
  afterAll(async () => {
    await t?.stop();
  });
  const tag = () => randomBytes(4).toString("hex");

  it("generates a sensitive, non-extractable AES-256 key in the token with the requested usage", async () => {
    const label = `gen-${tag()}`;
    const sk = await t.admin.sourceKeys("Create", { source_key_tier: "luna-hsm", partition_id: token, label, encrypt: true, decrypt: false });
    expect(sk).toMatchObject({ source_key_tier: "luna-hsm", partition_id: token, label, key_spec: "AES_256", encrypt: true, decrypt: false });
    const listed = await t.admin.sourceKeys("List", { source_key_tier: "luna-hsm", partition_id: token, label, limit: 10 });
    expect(listed.resources[0]).toMatchObject({ label, registered: true, sensitive: true, extractable: false });
    await expect(t.admin.sourceKeys("Create", { source_key_tier: "luna-hsm", partition_id: token, label })).rejects.toMatchObject({ code: 6 }); // ALREADY_EXISTS
  });

  it("registers an existing token key, refusing ones that are not AES-256 or lack the usage", async () => {
    const good = `reg-${tag()}`;
    const small = `aes128-${tag()}`;
    const encOnly = `enc-${tag()}`;
    tokenKey(good, 256, true, true);
    tokenKey(small, 128, true, true);
    tokenKey(encOnly, 256, true, false);
    const sk = await t.admin.sourceKeys("Register", { partition_id: token, label: good });
    expect(sk).toMatchObject({ label: good, key_spec: "AES_256", encrypt: true, decrypt: true, origin: "registered" });
    await expect(t.admin.sourceKeys("Register", { partition_id: token, label: small })).rejects.toMatchObject({ code: 9, details: expect.stringMatching(/AES_128|AES_256/) });
    await expect(t.admin.sourceKeys("Register", { partition_id: token, label: encOnly })).rejects.toMatchObject({ code: 9, details: expect.stringMatching(/DECRYPT|decrypt/) });
    await expect(t.admin.sourceKeys("Register", { partition_id: token, label: `missing-${tag()}` })).rejects.toMatchObject({ code: 5 });
    await expect(t.admin.sourceKeys("Register", { partition_id: "no-such-partition", label: good })).rejects.toMatchObject({ details: expect.stringMatching(/partition/) });
    // the token's own keys are listed with their attributes, registered or not
    const all = await t.admin.sourceKeys("List", { source_key_tier: "luna-hsm", partition_id: token, limit: 1000 });
    const byLabel = new Map(all.resources.map((r: { label: string }) => [r.label, r]));
    expect(byLabel.get(small)).toMatchObject({ key_spec: "AES_128", registered: false });
    expect(byLabel.get(good)).toMatchObject({ registered: true });
  });
});
