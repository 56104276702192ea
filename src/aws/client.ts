import { KMSClient } from "@aws-sdk/client-kms";

/** What building a KMS client needs from an AWS connection (store/kmsConnections.ts). */
export interface KmsClientSpec {
  region: string;
  /** "" = AWS's endpoint for the region */
  endpoint: string;
  /** a static access key; absent = the SDK's default credential chain of the host */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * One SDK client for one connection and region. The SDK signs (SigV4), retries with its standard
 * strategy and, without a static key, resolves credentials through its default provider chain.
 */
export function kmsClient(spec: KmsClientSpec): KMSClient {
  return new KMSClient({
    region: spec.region,
    maxAttempts: 3,
    ...(spec.endpoint ? { endpoint: spec.endpoint } : {}),
    ...(spec.credentials ? { credentials: spec.credentials } : {}),
  });
}
