import { CreateKeyCommand, DescribeKeyCommand, ListKeysCommand, type KeyMetadata, type KMSClient } from "@aws-sdk/client-kms";
import { AwsKmsError, awsCall } from "./errors.js";

export interface XksKeySpec {
  customKeyStoreId: string;
  /** the HYOK key id: the externalKeyId AWS KMS sends to the proxy */
  xksKeyId: string;
  description: string;
  tags: { TagKey: string; TagValue: string }[];
  /** a key policy document; absent = AWS's default key policy */
  policy?: string;
  bypassPolicyLockoutSafetyCheck: boolean;
}

export interface LinkedKey {
  arn: string;
  keyId: string;
  keyState: string;
  accountId: string;
  requestId: string;
}

const linkedKey = (m: KeyMetadata | undefined, requestId: string): LinkedKey => ({
  arn: m?.Arn ?? "",
  keyId: m?.KeyId ?? "",
  keyState: m?.KeyState ?? "",
  accountId: m?.AWSAccountId ?? "",
  requestId,
});

/**
 * The AWS KMS key of an external key in an external key store, if one exists: a link whose
 * CreateKey reached AWS but was never recorded finds its key again (AWS allows one per external key
 * and store, and says XksKeyAlreadyInUseException to a second).
 */
export async function findXksKey(client: KMSClient, customKeyStoreId: string, xksKeyId: string): Promise<LinkedKey | undefined> {
  let marker: string | undefined;
  do {
    const page = await awsCall(() => client.send(new ListKeysCommand({ Limit: 1000, ...(marker ? { Marker: marker } : {}) })));
    for (const k of page.Keys ?? []) {
      const d = await awsCall(() => client.send(new DescribeKeyCommand({ KeyId: k.KeyId! })));
      const m = d.KeyMetadata;
      if (m?.CustomKeyStoreId === customKeyStoreId && m.XksKeyConfiguration?.Id === xksKeyId && m.KeyState !== "PendingDeletion") return linkedKey(m, d.$metadata.requestId ?? "");
    }
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return undefined;
}

/** Creates the AWS KMS key for an external key (AWS checks it with the proxy's GetKeyMetadata). */
export async function createXksKey(client: KMSClient, s: XksKeySpec): Promise<LinkedKey> {
  try {
    const out = await awsCall(() =>
      client.send(
        new CreateKeyCommand({
          Origin: "EXTERNAL_KEY_STORE",
          CustomKeyStoreId: s.customKeyStoreId,
          XksKeyId: s.xksKeyId,
          KeySpec: "SYMMETRIC_DEFAULT",
          KeyUsage: "ENCRYPT_DECRYPT",
          ...(s.description ? { Description: s.description } : {}),
          ...(s.tags.length ? { Tags: s.tags } : {}),
          ...(s.policy ? { Policy: s.policy } : {}),
          ...(s.bypassPolicyLockoutSafetyCheck ? { BypassPolicyLockoutSafetyCheck: true } : {}),
        }),
      ),
    );
    return linkedKey(out.KeyMetadata, out.$metadata.requestId ?? "");
  } catch (e) {
    if (e instanceof AwsKmsError && e.awsName === "XksKeyAlreadyInUseException") {
      const found = await findXksKey(client, s.customKeyStoreId, s.xksKeyId);
      if (found) return found;
    }
    throw e;
  }
}
