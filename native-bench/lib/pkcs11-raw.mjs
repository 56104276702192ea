// Raw pkcs11js runners, each in its own child process (node pkcs11-raw.mjs <mode> <seconds>), on ONE
// session, synchronous calls, same 32-byte plaintext, 12-byte random IV, 8-byte AAD (the daemon's
// AAD for a request without AAD: uint16be(0) || uint8(5) || 5-byte ciphertextMetadata).
//   ceiling:   key handle cached; per op C_EncryptInit + C_Encrypt into an exact buffer.
//   reference: the AWS reference proxy's per-request pattern: C_FindObjectsInit/C_FindObjects/
//              C_FindObjectsFinal by label, C_EncryptInit, C_Encrypt with a NULL output buffer
//              (size query; pkcs11js passes an empty Buffer as NULL), then C_Encrypt for real.
// env: SOFTHSM2_CONF, XKS_RAW_MODULE, XKS_RAW_TOKEN, XKS_RAW_PIN, XKS_RAW_LABEL. Prints one JSON line.
import { randomBytes, randomFillSync } from "node:crypto";
import pkcs11js from "pkcs11js";

const [mode, seconds] = [process.argv[2], Number(process.argv[3] ?? 5)];
const { XKS_RAW_MODULE: mod, XKS_RAW_TOKEN: token, XKS_RAW_PIN: pin, XKS_RAW_LABEL: label } = process.env;

const p = new pkcs11js.PKCS11();
p.load(mod);
p.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
const slot = p.C_GetSlotList(true).find((s) => p.C_GetTokenInfo(s).label.trim() === token);
const session = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
p.C_Login(session, pkcs11js.CKU_USER, pin);

const template = [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY }, { type: pkcs11js.CKA_LABEL, value: label }];
function find() {
  p.C_FindObjectsInit(session, template);
  const h = p.C_FindObjects(session, 1);
  p.C_FindObjectsFinal(session);
  if (!h || h.length === 0) throw new Error(`no key labelled ${label}`);
  return Array.isArray(h) ? h[0] : h;
}

const plaintext = randomBytes(32);
const aad = Buffer.from([0, 0, 5, 1, 0, 0, 0, 1]);
const iv = Buffer.alloc(12);
const mech = () => ({ mechanism: pkcs11js.CKM_AES_GCM, parameter: { type: pkcs11js.CK_PARAMS_GCM, iv, ivBits: 96, aad, tagBits: 128 } });
const NULL_OUT = Buffer.alloc(0);
const cached = find();

function opCeiling() {
  randomFillSync(iv);
  const out = Buffer.allocUnsafeSlow(12 + 32 + 16);
  p.C_EncryptInit(session, mech(), cached);
  const w = p.C_Encrypt(session, plaintext, out.subarray(12));
  if (w.length !== 48) throw new Error(`got ${w.length} bytes`);
}

function opReference() {
  const key = find();
  randomFillSync(iv);
  p.C_EncryptInit(session, mech(), key);
  const q = p.C_Encrypt(session, plaintext, NULL_OUT); // size query: pData = NULL
  const out = Buffer.allocUnsafeSlow(Math.max(q.length, 48));
  const w = p.C_Encrypt(session, plaintext, out);
  if (w.length !== 48) throw new Error(`got ${w.length} bytes`);
}

const op = mode === "reference" ? opReference : opCeiling;
// Check the size query really is one (CKR_OK with the length, operation still active).
if (mode === "reference") {
  p.C_EncryptInit(session, mech(), cached);
  const sizeOnly = p.C_Encrypt(session, plaintext, NULL_OUT);
  const real = p.C_Encrypt(session, plaintext, Buffer.alloc(48));
  if (real.length !== 48) throw new Error(`size query check failed (${sizeOnly.length}, ${real.length})`);
}
for (let i = 0; i < 200; i++) op(); // warm-up
let n = 0;
const t0 = process.hrtime.bigint();
const end = t0 + BigInt(Math.round(seconds * 1e9));
let now = t0;
while (now < end) {
  for (let i = 0; i < 100; i++) op();
  n += 100;
  now = process.hrtime.bigint();
}
const s = Number(now - t0) / 1e9;
console.log(JSON.stringify({ mode, ops: n, seconds: s, opsPerSec: n / s, usPerOp: (s * 1e6) / n }));
p.C_Logout(session);
p.C_CloseSession(session);
p.C_Finalize();
