import { setTimeout as sleep } from "node:timers/promises";
import { AwsKmsError } from "../aws/errors.js";
import { updateStoreCredential } from "../aws/keyStores.js";
import type { Credential, KeyStore } from "../store/index.js";
import { linkedConnection, withKms } from "./aws-link.js";
import type { AdminDeps } from "./deps.js";
import { AdminError } from "./errors.js";
import { issueCredential } from "./services/credentials.js";
import * as grpc from "@grpc/grpc-js";

/** What a push of a new credential to AWS needs: the admin API and the rotation job both push. */
export type PushDeps = Pick<AdminDeps, "store" | "sealer" | "onChange" | "fleet">;

export interface PushedCredential {
  credential: Credential;
  /** the new secret (answered once to the admin caller; never logged) */
  secret: string;
  /** AWS's request id of the UpdateCustomKeyStore call */
  requestId: string;
}

/** How long a push waits for every live node of a fleet to serve the new credential. */
const FLEET_WAIT_MS = 15_000;

/**
 * The credential to push: the pending one an interrupted rotation left (so a retry pushes the
 * same credential again), else a new one, recorded as pending in the same transaction.
 */
function pendingCredential(deps: PushDeps, keyStoreId: string): Promise<{ credential: Credential; secret: string }> {
  return deps.store.transaction(async () => {
    const ks = await deps.store.keyStores.get(keyStoreId);
    if (ks.awsPendingCredentialId) {
      const u = await deps.store.credentials.findUnsealed(ks.awsPendingCredentialId, deps.sealer);
      if (u) return { credential: await deps.store.credentials.get(keyStoreId, u.id), secret: u.secretAccessKey };
    }
    const issued = await issueCredential(deps, keyStoreId);
    await deps.store.keyStores.setAws(keyStoreId, { awsPendingCredentialId: issued.credential.id });
    return issued;
  });
}

/**
 * AWS checks a new credential against the proxy before it takes it (while CONNECTED), through
 * whichever node its endpoint reaches: every live node must serve the change log up to seq first.
 * This node has just reloaded; the others report their applied seq with each heartbeat.
 */
async function untilFleetServes(deps: PushDeps, seq: number): Promise<void> {
  const fleet = deps.fleet;
  if (!fleet) return;
  const until = Date.now() + FLEET_WAIT_MS;
  for (;;) {
    const behind = (await fleet.list()).filter((n) => n.live && n.id !== fleet.selfId && n.appliedSeq < seq);
    if (behind.length === 0) return;
    if (Date.now() >= until) {
      throw new AdminError(
        grpc.status.UNAVAILABLE,
        `fleet node ${behind[0]!.id} (${behind[0]!.host}) has not applied the new credential (change ${seq}) within ${FLEET_WAIT_MS / 1000} s, so it was not given to AWS; it stays pending and the next rotation pushes it`,
      );
    }
    await sleep(200);
  }
}

/**
 * Rotation's AWS half for a linked store: the pending (or a new) credential is served by the data
 * plane, then given to AWS with UpdateCustomKeyStore. When AWS refuses, the credential is removed
 * (AWS never held it) and AWS's exception is thrown; when the call never got AWS's answer, it stays
 * pending, since AWS may hold it: the next rotation pushes the same one again. The caller records
 * the answer with recordPushed.
 */
export async function pushNewCredential(deps: PushDeps, ks: KeyStore): Promise<PushedCredential> {
  const conn = await linkedConnection(deps, ks);
  const { credential, secret } = await pendingCredential(deps, ks.id);
  await deps.onChange();
  await untilFleetServes(deps, await deps.store.changeLog.latestSeq());
  try {
    const requestId = await withKms(deps, conn, ks.region, (client) =>
      updateStoreCredential(client, ks.awsCustomKeyStoreId, { accessKeyId: credential.accessKeyId, secretAccessKey: secret }),
    );
    return { credential, secret, requestId };
  } catch (e) {
    if (e instanceof AwsKmsError && e.fromService) {
      await deps.store.transaction(async () => {
        await deps.store.credentials.discard(credential.id);
        await deps.store.keyStores.setAws(ks.id, { awsPendingCredentialId: "" });
      });
      await deps.onChange();
    }
    throw e;
  }
}

/** AWS holds the pushed credential now (run inside the caller's audited transaction). */
export function recordPushed(deps: Pick<AdminDeps, "store">, keyStoreId: string, credentialId: string): Promise<KeyStore> {
  return deps.store.keyStores.setAws(keyStoreId, { awsCredentialId: credentialId, awsPendingCredentialId: "" });
}
