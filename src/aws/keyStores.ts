import {
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  DeleteCustomKeyStoreCommand,
  DescribeCustomKeyStoresCommand,
  DisconnectCustomKeyStoreCommand,
  UpdateCustomKeyStoreCommand,
  type KMSClient,
} from "@aws-sdk/client-kms";
import { setTimeout as sleep } from "node:timers/promises";
import { AwsKmsError, awsCall } from "./errors.js";

/** The AWS custom key store of one of our key stores, as CreateCustomKeyStore takes it. */
export interface XksStoreSpec {
  name: string;
  uriEndpoint: string;
  uriPath: string;
  connectivity: string;
  vpcEndpointServiceName: string;
  credential: { accessKeyId: string; secretAccessKey: string };
}

export interface AwsStoreState {
  connectionState: string;
  /** AWS's ConnectionErrorCode (FAILED only), else "" */
  connectionErrorCode: string;
  /** the access key id of the proxy credential AWS holds */
  accessKeyId: string;
  requestId: string;
}

export async function createXksStore(client: KMSClient, s: XksStoreSpec): Promise<{ customKeyStoreId: string; requestId: string }> {
  const out = await awsCall(() =>
    client.send(
      new CreateCustomKeyStoreCommand({
        CustomKeyStoreName: s.name,
        CustomKeyStoreType: "EXTERNAL_KEY_STORE",
        XksProxyConnectivity: s.connectivity === "VPC_ENDPOINT_SERVICE" ? "VPC_ENDPOINT_SERVICE" : "PUBLIC_ENDPOINT",
        XksProxyUriEndpoint: s.uriEndpoint,
        XksProxyUriPath: s.uriPath,
        ...(s.vpcEndpointServiceName ? { XksProxyVpcEndpointServiceName: s.vpcEndpointServiceName } : {}),
        XksProxyAuthenticationCredential: { AccessKeyId: s.credential.accessKeyId, RawSecretAccessKey: s.credential.secretAccessKey },
      }),
    ),
  );
  return { customKeyStoreId: out.CustomKeyStoreId ?? "", requestId: out.$metadata.requestId ?? "" };
}

export async function describeStore(client: KMSClient, customKeyStoreId: string): Promise<AwsStoreState> {
  const out = await awsCall(() => client.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: customKeyStoreId })));
  const s = out.CustomKeyStores?.[0];
  return {
    connectionState: s?.ConnectionState ?? "",
    connectionErrorCode: s?.ConnectionErrorCode ?? "",
    accessKeyId: s?.XksProxyConfiguration?.AccessKeyId ?? "",
    requestId: out.$metadata.requestId ?? "",
  };
}

export async function connectStore(client: KMSClient, customKeyStoreId: string): Promise<string> {
  const out = await awsCall(() => client.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: customKeyStoreId })));
  return out.$metadata.requestId ?? "";
}

export async function disconnectStore(client: KMSClient, customKeyStoreId: string): Promise<string> {
  const out = await awsCall(() => client.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: customKeyStoreId })));
  return out.$metadata.requestId ?? "";
}

const TRANSIENT = new Set(["CONNECTING", "DISCONNECTING"]);

/**
 * Polls DescribeCustomKeyStores until AWS settles the connection (neither CONNECTING nor
 * DISCONNECTING) or the wait is over; answers the last state seen. AWS connects in the background:
 * a connect call only starts it.
 */
export async function waitSettled(client: KMSClient, customKeyStoreId: string, waitMs: number, intervalMs = 250): Promise<AwsStoreState> {
  const until = Date.now() + waitMs;
  for (;;) {
    const s = await describeStore(client, customKeyStoreId);
    if (!TRANSIENT.has(s.connectionState) || Date.now() >= until) return s;
    await sleep(Math.min(intervalMs, Math.max(0, until - Date.now())));
  }
}

/** Deletes the AWS custom key store; AWS refuses while it is connected or holds KMS keys. */
export async function deleteStore(client: KMSClient, customKeyStoreId: string): Promise<string> {
  const out = await awsCall(() => client.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: customKeyStoreId })));
  return out.$metadata.requestId ?? "";
}

/**
 * The AWS custom key store of that name, if any: a link whose CreateCustomKeyStore reached AWS but
 * whose answer we never recorded (crash, timeout) finds its store again by name.
 */
export async function findStoreByName(client: KMSClient, name: string): Promise<{ customKeyStoreId: string; uriEndpoint: string; uriPath: string; requestId: string } | undefined> {
  try {
    const out = await awsCall(() => client.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreName: name })));
    const s = out.CustomKeyStores?.[0];
    if (!s?.CustomKeyStoreId) return undefined;
    return { customKeyStoreId: s.CustomKeyStoreId, uriEndpoint: s.XksProxyConfiguration?.UriEndpoint ?? "", uriPath: s.XksProxyConfiguration?.UriPath ?? "", requestId: out.$metadata.requestId ?? "" };
  } catch (e) {
    if (e instanceof AwsKmsError && e.awsName === "CustomKeyStoreNotFoundException") return undefined;
    throw e;
  }
}

/** The proxy settings UpdateCustomKeyStore changes; a field left out keeps AWS's value. */
export interface XksStoreChange {
  uriEndpoint?: string;
  uriPath?: string;
  connectivity?: string;
  vpcEndpointServiceName?: string;
}

export async function updateStore(client: KMSClient, customKeyStoreId: string, c: XksStoreChange): Promise<string> {
  const out = await awsCall(() =>
    client.send(
      new UpdateCustomKeyStoreCommand({
        CustomKeyStoreId: customKeyStoreId,
        ...(c.uriEndpoint !== undefined ? { XksProxyUriEndpoint: c.uriEndpoint } : {}),
        ...(c.uriPath !== undefined ? { XksProxyUriPath: c.uriPath } : {}),
        ...(c.connectivity !== undefined ? { XksProxyConnectivity: c.connectivity === "VPC_ENDPOINT_SERVICE" ? "VPC_ENDPOINT_SERVICE" : "PUBLIC_ENDPOINT" } : {}),
        ...(c.vpcEndpointServiceName !== undefined ? { XksProxyVpcEndpointServiceName: c.vpcEndpointServiceName } : {}),
      }),
    ),
  );
  return out.$metadata.requestId ?? "";
}

/**
 * Gives AWS a new proxy credential (UpdateCustomKeyStore XksProxyAuthenticationCredential). AWS
 * allows it in any settled state; while CONNECTED it first checks the credential with the proxy.
 */
export async function updateStoreCredential(client: KMSClient, customKeyStoreId: string, c: { accessKeyId: string; secretAccessKey: string }): Promise<string> {
  const out = await awsCall(() =>
    client.send(
      new UpdateCustomKeyStoreCommand({
        CustomKeyStoreId: customKeyStoreId,
        XksProxyAuthenticationCredential: { AccessKeyId: c.accessKeyId, RawSecretAccessKey: c.secretAccessKey },
      }),
    ),
  );
  return out.$metadata.requestId ?? "";
}
