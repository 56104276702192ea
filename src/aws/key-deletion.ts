import { DescribeKeyCommand, ScheduleKeyDeletionCommand, type KMSClient } from "@aws-sdk/client-kms";
import { AwsKmsError, awsCall } from "./errors.js";

/** AWS's waiting period before it deletes a KMS key: 7..30 days, 30 when not given. */
export const PENDING_WINDOW_MIN = 7;
export const PENDING_WINDOW_MAX = 30;
export const PENDING_WINDOW_DEFAULT = 30;

export interface ScheduledDeletion {
  /** ISO 8601 */
  deletionDate: string;
  pendingWindowInDays: number;
  requestId: string;
}

const iso = (d: Date | undefined): string => (d ? d.toISOString() : "");

/**
 * Schedules the key's deletion. Idempotent: a key already pending deletion (a retry after a
 * ScheduleKeyDeletion whose answer was lost, or a deletion scheduled in AWS directly) answers
 * the date AWS already holds instead of AWS's KMSInvalidStateException.
 */
export async function scheduleKeyDeletion(client: KMSClient, keyArn: string, days: number): Promise<ScheduledDeletion> {
  try {
    const out = await awsCall(() => client.send(new ScheduleKeyDeletionCommand({ KeyId: keyArn, PendingWindowInDays: days })));
    return { deletionDate: iso(out.DeletionDate), pendingWindowInDays: out.PendingWindowInDays ?? days, requestId: out.$metadata.requestId ?? "" };
  } catch (e) {
    if (e instanceof AwsKmsError && e.awsName === "KMSInvalidStateException") {
      const d = await awsCall(() => client.send(new DescribeKeyCommand({ KeyId: keyArn })));
      const m = d.KeyMetadata;
      if (m?.KeyState === "PendingDeletion" && m.DeletionDate) {
        return { deletionDate: iso(m.DeletionDate), pendingWindowInDays: m.PendingDeletionWindowInDays ?? days, requestId: d.$metadata.requestId ?? "" };
      }
    }
    throw e;
  }
}

export type AwsKeyPresence = { kind: "gone"; requestId: string } | { kind: "present"; keyState: string; deletionDate: string; requestId: string };

/** Whether AWS still holds the key (DescribeKey's NotFoundException = deleted). */
export async function awsKeyPresence(client: KMSClient, keyArn: string): Promise<AwsKeyPresence> {
  try {
    const d = await awsCall(() => client.send(new DescribeKeyCommand({ KeyId: keyArn })));
    return { kind: "present", keyState: d.KeyMetadata?.KeyState ?? "", deletionDate: iso(d.KeyMetadata?.DeletionDate), requestId: d.$metadata.requestId ?? "" };
  } catch (e) {
    if (e instanceof AwsKmsError && e.awsName === "NotFoundException") return { kind: "gone", requestId: e.requestId };
    throw e;
  }
}
