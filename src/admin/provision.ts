import { randomBytes, randomUUID } from "node:crypto";
import type { HsmKeyAdmin, HsmKeyInfo } from "../crypto/backend.js";
import { isXksError } from "../errors.js";
import type { KeyTier } from "../keys/records.js";
import type { NewSourceKey } from "../store/index.js";
import type { AdminDeps } from "./deps.js";
import { exists, invalid, precondition, type LogInternal } from "./errors.js";

/** Key material and credential generation, shared by every service that makes keys. */

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** 20 characters from A–Z2–7, like AWS access key ids (32 symbols: byte & 31 is uniform). */
export function newAccessKeyId(): string {
  return [...randomBytes(20)].map((b) => BASE32[b & 31]).join("");
}

/** base64 of 32 random bytes without padding: 43 characters, inside XKS's 43–64 range. */
export function newSecret(): string {
  return randomBytes(32).toString("base64").replace(/=+$/, "");
}

export function requireHsm(deps: AdminDeps, partition: string, field: string): HsmKeyAdmin {
  if (!deps.hsm) {
    throw precondition("no PKCS#11 partitions are configured in this daemon, so luna-hsm keys cannot be used; add a pkcs11 section to the config and restart");
  }
  if (!deps.partitions.includes(partition)) {
    throw invalid(field, `partition "${partition}" is not configured; configured partitions: ${deps.partitions.join(", ") || "(none)"}`);
  }
  return deps.hsm;
}

export interface KeySpecRequest {
  id?: string;
  tier: KeyTier;
  partition: string | null;
  /** CKA_LABEL (luna-hsm) or display name (local) */
  label?: string;
  encrypt: boolean;
  decrypt: boolean;
}

/**
 * Makes a new AES-256 source key: local keys are 32 random bytes (sealed by the repository);
 * luna-hsm keys are generated inside the token and only described here.
 */
export async function generateSourceKey(deps: AdminDeps, req: KeySpecRequest, partitionField = "partition_id"): Promise<NewSourceKey> {
  const id = req.id ?? randomUUID();
  if (req.tier === "local") {
    return {
      id,
      name: req.label || `local-${id.slice(0, 8)}`,
      tier: "local",
      partition: null,
      label: null,
      ckaId: "",
      keySpec: "AES_256",
      encrypt: req.encrypt,
      decrypt: req.decrypt,
      origin: "generated",
      material: randomBytes(32),
    };
  }
  const partition = req.partition ?? "";
  if (partition === "") throw invalid(partitionField, "is required for luna-hsm keys");
  const hsm = requireHsm(deps, partition, partitionField);
  const label = req.label || `xks-${id}`;
  if ((await deps.store.sourceKeys.list({ partition, label }, {})).total > 0) {
    throw exists(`a source key labelled "${label}" is already registered in partition ${partition}`);
  }
  if (await tokenHasLabel(hsm, partition, label)) {
    throw exists(`partition ${partition} already holds a key labelled "${label}"; register it instead, or choose another label`);
  }
  const info = await hsm.generateAesKey(partition, { label, encrypt: req.encrypt, decrypt: req.decrypt });
  return fromToken(id, partition, info, "generated");
}

async function tokenHasLabel(hsm: HsmKeyAdmin, partition: string, label: string): Promise<boolean> {
  try {
    await hsm.describeKey({ partition, label });
    return true;
  } catch (e) {
    if (isXksError(e) && e.name === "KeyNotFoundException") return false;
    throw e;
  }
}

/**
 * Registers an existing token key by label: any AES-256 key, with the usage the token gives it
 * (CKA_ENCRYPT/CKA_DECRYPT, none included). A usage requested as true must be allowed by the token;
 * one requested as false narrows what the proxy will use the key for.
 */
export async function registerTokenKey(
  deps: AdminDeps,
  req: { partition: string; label: string; encrypt?: boolean | undefined; decrypt?: boolean | undefined },
): Promise<NewSourceKey> {
  const hsm = requireHsm(deps, req.partition, "partition_id");
  const info = await hsm.describeKey({ partition: req.partition, label: req.label });
  if (info.keySpec !== "AES_256") {
    throw precondition(`key "${req.label}" in partition ${req.partition} is ${info.keySpec}; XKS needs an AES_256 key (CKM_AES_KEY_GEN, 256 bits)`);
  }
  const lacking = [req.encrypt === true && !info.encrypt ? "CKA_ENCRYPT" : "", req.decrypt === true && !info.decrypt ? "CKA_DECRYPT" : ""].filter(Boolean);
  if (lacking.length) {
    throw precondition(`key "${req.label}" in partition ${req.partition} lacks ${lacking.join(" and ")}; set the attribute on the token key or register it without asking for that usage`);
  }
  const k = fromToken(randomUUID(), req.partition, info, "registered");
  return { ...k, encrypt: info.encrypt && req.encrypt !== false, decrypt: info.decrypt && req.decrypt !== false };
}

/**
 * Commits the registration of a key just generated in a token; when the commit fails (the
 * database or its audit record refused it) the token object is destroyed, so a failed call leaves
 * no orphan behind. Local keys have nothing outside the database to undo.
 */
export async function commitGenerated<T>(deps: AdminDeps, key: NewSourceKey | undefined, commit: () => Promise<T>, logInternal: LogInternal): Promise<T> {
  try {
    return await commit();
  } catch (e) {
    if (key && key.tier === "luna-hsm" && key.partition && key.label && deps.hsm) {
      const ref = { partition: key.partition, label: key.label, ckaId: key.ckaId };
      try {
        await deps.hsm.destroyKey(ref);
      } catch (de) {
        logInternal(`destroying the unregistered token key "${key.label}" in partition ${key.partition}`, de);
      }
    }
    throw e;
  }
}

function fromToken(id: string, partition: string, info: HsmKeyInfo, origin: "generated" | "registered"): NewSourceKey {
  return {
    id,
    name: info.label,
    tier: "luna-hsm",
    partition,
    label: info.label,
    ckaId: info.ckaId,
    keySpec: info.keySpec,
    encrypt: info.encrypt,
    decrypt: info.decrypt,
    origin,
    material: null,
  };
}
