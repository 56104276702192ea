import { randomUUID } from "node:crypto";
import type { AdminDeps } from "../deps.js";
import { invalid, precondition } from "../errors.js";
import { keyStoreMsg } from "../mappers.js";
import type { EnableCredentialRotationJobRequest, IdRequest, KeyStoreMsg } from "../messages.js";
import type { CallContext } from "../rpc.js";
import * as v from "../validate.js";

/** The shortest interval a daemon accepts unless its config says otherwise (credentialRotation.minIntervalSeconds). */
export const DEFAULT_MIN_ROTATION_INTERVAL_S = 3600;
const MAX_INTERVAL_S = 365 * 86_400;
const DEFAULT_KEEP = 2;
const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "24h", "90m", "7d", "3600s" → seconds, within [min, 365 days]. */
export function parseInterval(text: string, field: string, minSeconds: number): number {
  const m = /^(\d{1,9})([smhd])$/.exec(text.trim());
  if (!m) throw invalid(field, `must be a whole number followed by s, m, h or d ("24h"), got "${text.slice(0, 32)}"`);
  const seconds = Number(m[1]) * UNIT_S[m[2]!]!;
  if (seconds < minSeconds || seconds > MAX_INTERVAL_S) throw invalid(field, `must be from ${minSeconds} s to 365 days, got ${seconds} s`);
  return seconds;
}

/**
 * Enables (or re-configures) a linked store's scheduled credential rotation; the first run is one
 * interval from now. The job itself runs on one node of the fleet (jobs/credential-rotation.ts).
 */
export async function enableRotationJob(deps: AdminDeps, req: EnableCredentialRotationJobRequest, c: CallContext): Promise<KeyStoreMsg> {
  const id = v.required(req.id, "id");
  const ks = await deps.store.keyStores.get(id);
  if (!ks.linkedState || !ks.awsCustomKeyStoreId) throw precondition(`key store ${id} is not linked with AWS KMS: a rotation job gives AWS each new credential; run "keystore link" first`);
  const intervalSeconds = parseInterval(v.required(req.interval, "interval"), "interval", deps.minRotationIntervalSeconds ?? DEFAULT_MIN_ROTATION_INTERVAL_S);
  // a run adds one credential before it prunes: keep + 1 must fit in max_credentials
  const keep = req.keep === 0 ? Math.min(DEFAULT_KEEP, ks.maxCredentials - 1) : v.intInRange(req.keep, "keep", 1, ks.maxCredentials - 1);
  const job = await c.commit(() => deps.store.rotationJobs.enable(id, { jobConfigId: randomUUID(), intervalSeconds, keep, nextRunMs: Date.now() + intervalSeconds * 1000 }));
  return keyStoreMsg(ks, job);
}

export async function disableRotationJob(deps: AdminDeps, req: IdRequest, c: CallContext): Promise<KeyStoreMsg> {
  const id = v.required(req.id, "id");
  await c.commit(() => deps.store.rotationJobs.disable(id));
  return keyStoreMsg(await deps.store.keyStores.get(id));
}
