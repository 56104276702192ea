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
  /** AWS's request id of the call that answered this */
  requestId: string;
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
  /** AWS's request id of the DescribeKey that answered this */
  requestId: string;
}

/**
 * Every custom key store of the account and region (the SDK's paginator follows NextMarker), and
 * the request id of the last page: the answer that says which stores do not exist.
 */
export async function listAwsStores(client: KMSClient, abortSignal: AbortSignal): Promise<{ stores: AwsStoreView[]; requestId: string }> {
  const out: AwsStoreView[] = [];
  let requestId = "";
  await awsCall(async () => {
    for await (const page of paginateDescribeCustomKeyStores({ client, pageSize: 100 }, {}, { abortSignal })) {
      requestId = page.$metadata.requestId ?? "";
      for (const s of page.CustomKeyStores ?? []) {
        out.push({
          customKeyStoreId: s.CustomKeyStoreId ?? "",
          name: s.CustomKeyStoreName ?? "",
          connectionState: s.ConnectionState ?? "",
          connectionErrorCode: s.ConnectionErrorCode ?? "",
          uriEndpoint: s.XksProxyConfiguration?.UriEndpoint ?? "",
          requestId: page.$metadata.requestId ?? "",
        });
      }
    }
  });
  return { stores: out, requestId };
}

/** The ids of every KMS key of the account and region (ListKeys, paginated), and the last page's request id. */
export async function listAwsKeyIds(client: KMSClient, abortSignal: AbortSignal): Promise<{ ids: string[]; requestId: string }> {
  const ids: string[] = [];
  let requestId = "";
  await awsCall(async () => {
    for await (const page of paginateListKeys({ client, pageSize: 1000 }, {}, { abortSignal })) {
      requestId = page.$metadata.requestId ?? "";
      for (const k of page.Keys ?? []) if (k.KeyId) ids.push(k.KeyId);
    }
  });
  return { ids, requestId };
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
    requestId: out.$metadata.requestId ?? "",
  };
}
