/**
 * EnableKey, DisableKey and CancelKeyDeletion, as AWS KMS's API reference and key state table
 * describe them: enabling or disabling a key pending deletion is KMSInvalidStateException (enabling
 * an enabled key, or disabling a disabled one, succeeds); CancelKeyDeletion applies only to a key
 * pending deletion and leaves it Disabled, answering its ARN. Keys of a disconnected external key
 * store can be enabled and disabled (they stay Unavailable for cryptography until it connects).
 */
import { KmsError } from "./errors.js";
import type { Key } from "./state.js";

export function setKeyEnabled(k: Key, enabled: boolean): Record<string, unknown> {
  if (k.state === "PendingDeletion") throw new KmsError("KMSInvalidStateException", `${k.arn} is pending deletion.`);
  k.state = enabled ? "Enabled" : "Disabled";
  return {};
}

export function cancelKeyDeletion(k: Key): Record<string, unknown> {
  if (k.state !== "PendingDeletion") throw new KmsError("KMSInvalidStateException", `${k.arn} is not pending deletion (it is ${k.state}).`);
  k.state = "Disabled";
  delete k.deletionDate;
  return { KeyId: k.arn };
}
