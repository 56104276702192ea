import { DescribeKeyCommand, paginateDescribeCustomKeyStores, paginateListKeys, type KMSClient } from "@aws-sdk/client-kms";
import { awsCall } from "./errors.js";

/** An AWS custom key store as a synchronization reads it. */
export interface AwsStoreView {
  customKeyStoreId: string;
  name: string;
  connectionState: string;
  /** FAILED only, else "" */
  connectionErrorCode: string;
  uriEndpoint: string;
}

/** An AWS KMS key as a synchronization reads it. */
export interface AwsKeyView {
  keyId: string;
  arn: string;
  keyState: string;
  enabled: boolean;
  /** ISO 8601; "" unless the key is pending deletion */
  deletionDate: string;
  accountId: string;
  /** "" unless the key is in a custom key store */
  customKeyStoreId: string;
  /** the external key id of a key in an external key store, else "" */
  xksKeyId: string;
}

/** Every custom key store of the account and region (the SDK's paginator follows NextMarker). */
export async function listAwsStores(client: KMSClient, abortSignal: AbortSignal): Promise<AwsStoreView[]> {
  const out: AwsStoreView[] = [];
  await awsCall(async () => {
    for await (const page of paginateDescribeCustomKeyStores({ client, pageSize: 100 }, {}, { abortSignal })) {
      for (const s of page.CustomKeyStores ?? []) {
        out.push({
          customKeyStoreId: s.CustomKeyStoreId ?? "",
          name: s.CustomKeyStoreName ?? "",
          connectionState: s.ConnectionState ?? "",
          connectionErrorCode: s.ConnectionErrorCode ?? "",
          uriEndpoint: s.XksProxyConfiguration?.UriEndpoint ?? "",
        });
      }
    }
  });
  return out;
}

/** The ids of every KMS key of the account and region (ListKeys, paginated). */
export async function listAwsKeyIds(client: KMSClient, abortSignal: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  await awsCall(async () => {
    for await (const page of paginateListKeys({ client, pageSize: 1000 }, {}, { abortSignal })) for (const k of page.Keys ?? []) if (k.KeyId) ids.push(k.KeyId);
  });
  return ids;
}

export async function describeAwsKey(client: KMSClient, keyId: string, abortSignal: AbortSignal): Promise<AwsKeyView> {
  const out = await awsCall(() => client.send(new DescribeKeyCommand({ KeyId: keyId }), { abortSignal }));
  const m = out.KeyMetadata;
  return {
    keyId: m?.KeyId ?? keyId,
    arn: m?.Arn ?? "",
    keyState: m?.KeyState ?? "",
    enabled: m?.Enabled ?? false,
    deletionDate: m?.DeletionDate ? m.DeletionDate.toISOString() : "",
    accountId: m?.AWSAccountId ?? "",
    customKeyStoreId: m?.CustomKeyStoreId ?? "",
    xksKeyId: m?.XksKeyConfiguration?.Id ?? "",
  };
}
