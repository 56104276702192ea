/**
 * Secret-key objects on the token: find by label, describe, generate, list. Worker thread only.
 */
import { randomBytes } from "node:crypto";
import pkcs11js from "pkcs11js";
import { XksError } from "../../errors.js";
import type { HsmKeyInfo } from "../backend.js";
import { isCkr } from "./errors.js";
import type { Handle, Pkcs11 } from "./session.js";

/** All secret keys whose CKA_LABEL is `label` (or all secret keys when label is undefined). */
export function findSecretKeys(p: Pkcs11, session: Handle, label?: string): Handle[] {
  const template: pkcs11js.Template = [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY }];
  if (label !== undefined) template.push({ type: pkcs11js.CKA_LABEL, value: label });
  p.C_FindObjectsInit(session, template);
  const found: Handle[] = [];
  try {
    for (;;) {
      const batch = p.C_FindObjects(session, 64);
      if (batch.length === 0) break;
      found.push(...batch);
    }
  } finally {
    p.C_FindObjectsFinal(session);
  }
  return found;
}

/** The single secret key labelled `label`; an ambiguous label is refused rather than guessed. */
export function findKey(p: Pkcs11, session: Handle, label: string): Handle {
  const found = findSecretKeys(p, session, label);
  if (found.length === 0) throw new XksError("KeyNotFoundException", `no secret key labelled "${printable(label)}" on the token`);
  if (found.length > 1) throw new XksError("InternalException", `${found.length} secret keys share the label "${printable(label)}"`);
  return found[0] as Handle;
}

function readBool(v: Buffer | undefined): boolean {
  return v !== undefined && v.length > 0 && v[0] !== 0;
}

/** CK_ULONG comes back in native byte order and width. */
function readUlong(v: Buffer | undefined): number {
  if (v === undefined || v.length === 0) return 0;
  if (v.length >= 8) return Number(v.readBigUInt64LE(0));
  return v.readUInt32LE(0);
}

function keySpecOf(keyType: number, valueLen: number | undefined): string {
  const bits = valueLen === undefined ? undefined : valueLen * 8;
  if (keyType === pkcs11js.CKK_AES) return bits === undefined ? "AES" : `AES_${bits}`;
  if (keyType === pkcs11js.CKK_DES3) return "DES3";
  if (keyType === pkcs11js.CKK_GENERIC_SECRET) return bits === undefined ? "GENERIC_SECRET" : `GENERIC_SECRET_${bits}`;
  return `CKK_0x${keyType.toString(16)}`;
}

export function describeHandle(p: Pkcs11, session: Handle, key: Handle): HsmKeyInfo {
  const attrs = p.C_GetAttributeValue(session, key, [
    { type: pkcs11js.CKA_LABEL },
    { type: pkcs11js.CKA_ID },
    { type: pkcs11js.CKA_KEY_TYPE },
    { type: pkcs11js.CKA_ENCRYPT },
    { type: pkcs11js.CKA_DECRYPT },
    { type: pkcs11js.CKA_SENSITIVE },
    { type: pkcs11js.CKA_EXTRACTABLE },
  ]);
  const get = (t: number): Buffer | undefined => attrs.find((a) => a.type === t)?.value;
  let valueLen: number | undefined;
  try {
    // Not every key type has CKA_VALUE_LEN (DES3 does not): read it on its own.
    valueLen = readUlong(p.C_GetAttributeValue(session, key, [{ type: pkcs11js.CKA_VALUE_LEN }])[0]?.value);
  } catch (e) {
    if (!isCkr(e, "CKR_ATTRIBUTE_TYPE_INVALID")) throw e;
  }
  return {
    label: (get(pkcs11js.CKA_LABEL) ?? Buffer.alloc(0)).toString("utf8"),
    ckaId: (get(pkcs11js.CKA_ID) ?? Buffer.alloc(0)).toString("hex"),
    keySpec: keySpecOf(readUlong(get(pkcs11js.CKA_KEY_TYPE)), valueLen),
    encrypt: readBool(get(pkcs11js.CKA_ENCRYPT)),
    decrypt: readBool(get(pkcs11js.CKA_DECRYPT)),
    sensitive: readBool(get(pkcs11js.CKA_SENSITIVE)),
    extractable: readBool(get(pkcs11js.CKA_EXTRACTABLE)),
  };
}

/** Thrown (in the worker) when generateAesKey would create a second key with the same label. */
export const KEY_EXISTS = "HsmKeyExists";

/** A non-extractable, sensitive AES-256 token key; the usage flags come from the caller. */
export function generateAes256(p: Pkcs11, session: Handle, spec: { label: string; encrypt: boolean; decrypt: boolean }): Handle {
  if (findSecretKeys(p, session, spec.label).length > 0) {
    const e = new Error(`a secret key labelled "${printable(spec.label)}" already exists on the token`);
    e.name = KEY_EXISTS;
    throw e;
  }
  return p.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
    { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    { type: pkcs11js.CKA_ENCRYPT, value: spec.encrypt },
    { type: pkcs11js.CKA_DECRYPT, value: spec.decrypt },
    { type: pkcs11js.CKA_WRAP, value: false },
    { type: pkcs11js.CKA_UNWRAP, value: false },
    { type: pkcs11js.CKA_LABEL, value: spec.label },
    { type: pkcs11js.CKA_ID, value: randomBytes(16) },
  ]);
}

/** Destroys the secret keys with this label whose CKA_ID is `ckaIdHex`; returns how many. */
export function destroyByLabelAndId(p: Pkcs11, session: Handle, label: string, ckaIdHex: string): number {
  let n = 0;
  for (const key of findSecretKeys(p, session, label)) {
    const id = p.C_GetAttributeValue(session, key, [{ type: pkcs11js.CKA_ID }])[0]?.value ?? Buffer.alloc(0);
    if (id.toString("hex") !== ckaIdHex) continue;
    p.C_DestroyObject(session, key);
    n++;
  }
  return n;
}

/** Labels are caller input: keep error messages printable and short. */
function printable(s: string): string {
  const p = s.replace(/[^\x20-\x7e]/g, "?");
  return p.length > 128 ? `${p.slice(0, 125)}...` : p;
}
