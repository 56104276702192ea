/**
 * AES-256-GCM as one synchronous Init+Encrypt / Init+Decrypt pair on a session. Worker thread only.
 */
import { fillRandomIv } from "../iv-source.js";
import pkcs11js from "pkcs11js";
import { XksError } from "../../errors.js";
import type { Handle, Pkcs11 } from "./session.js";

export const IV_LEN = 12;
export const TAG_LEN = 16;

const ONE_BYTE = Buffer.alloc(1);

/**
 * An empty Buffer reaches the module as a NULL pointer, which SoftHSM answers with CKR_ARGUMENTS_BAD
 * while leaving the operation active; an empty view into real memory is a valid zero-length input.
 */
function nonNull(b: Buffer): Buffer {
  return b.length > 0 ? b : ONE_BYTE.subarray(0, 0);
}

function gcm(iv: Buffer, aad: Buffer): pkcs11js.Mechanism {
  const parameter: pkcs11js.GcmParams = { type: pkcs11js.CK_PARAMS_GCM, iv, ivBits: iv.length * 8, aad: nonNull(aad), tagBits: TAG_LEN * 8 };
  return { mechanism: pkcs11js.CKM_AES_GCM, parameter };
}

/**
 * Returns one buffer iv || ciphertext || tag with its own ArrayBuffer (so it can be transferred).
 *
 * The IV is 12 random bytes from node:crypto: an empty IV would silently become zeros in SoftHSM.
 * With useHsmIv the IV buffer starts zeroed and the module is expected to write its own IV into it
 * (pkcs11js hands the module a pointer into this very buffer, as Luna's internal-IV mode requires).
 * If it is still all zeros afterwards the module does not generate IVs (SoftHSM does not): the
 * output is discarded and the call fails rather than return a zero-IV ciphertext.
 */
export function encryptGcm(p: Pkcs11, session: Handle, key: Handle, plaintext: Buffer, aad: Buffer, useHsmIv: boolean): Buffer {
  const out = Buffer.allocUnsafeSlow(IV_LEN + plaintext.length + TAG_LEN);
  const iv = out.subarray(0, IV_LEN);
  if (useHsmIv) iv.fill(0);
  else fillRandomIv(iv);
  p.C_EncryptInit(session, gcm(iv, aad), key);
  // Exactly plaintext + tag: CKR_BUFFER_TOO_SMALL would leave the operation active on the session.
  const written = p.C_Encrypt(session, nonNull(plaintext), out.subarray(IV_LEN));
  if (written.length !== plaintext.length + TAG_LEN) {
    throw new XksError("InternalException", `HSM returned ${written.length} bytes for a ${plaintext.length}-byte GCM encryption`);
  }
  if (useHsmIv && iv.every((b) => b === 0)) {
    throw new XksError("InternalException", "useHsmIv is set but the PKCS#11 module did not return a generated IV");
  }
  return out;
}

/** Returns the plaintext; the module gets ciphertext || tag, as PKCS#11 GCM expects. */
export function decryptGcm(p: Pkcs11, session: Handle, key: Handle, ciphertext: Buffer, iv: Buffer, tag: Buffer, aad: Buffer): Buffer {
  const input = Buffer.concat([ciphertext, tag]);
  // Zero-filled (not allocUnsafe): the buffer is transferred whole and must not carry stale memory.
  // Sized ciphertext + tag because some modules want room for the full input length.
  const out = Buffer.alloc(input.length);
  p.C_DecryptInit(session, gcm(iv, aad), key);
  const written = p.C_Decrypt(session, input, out);
  if (written.length !== ciphertext.length) {
    throw new XksError("InternalException", `HSM returned ${written.length} bytes for a ${ciphertext.length}-byte GCM decryption`);
  }
  return written;
}
