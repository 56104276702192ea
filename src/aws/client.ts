import { KMSClient } from "@aws-sdk/client-kms";
import type { CredentialProvider } from "./assume-role.js";

/** What building a KMS client needs from an AWS connection (store/kmsConnections.ts). */
export interface KmsClientSpec {
  region: string;
  /** "" = AWS's endpoint for the region */
  endpoint: string;
  /** a static access key, or a provider (an assumed role); absent = the SDK's default credential chain of the host */
  credentials?: { accessKeyId: string; secretAccessKey: string } | CredentialProvider;
}

/**
 * One SDK client for one connection and region. The SDK signs (SigV4), retries with its standard
 * strategy and, without credentials given, resolves them through its default provider chain.
 */
export function kmsClient(spec: KmsClientSpec): KMSClient {
  return new KMSClient({
    region: spec.region,
    maxAttempts: 3,
    ...(spec.endpoint ? { endpoint: spec.endpoint } : {}),
    ...(spec.credentials ? { credentials: spec.credentials } : {}),
  });
}
