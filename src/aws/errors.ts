import { KMSServiceException } from "@aws-sdk/client-kms";

/**
 * A failed AWS KMS call in AWS's own words: the exception name and message, and the request id
 * AWS assigned (for CloudTrail and AWS support). Calls that never got an AWS answer (network,
 * credentials the chain could not find) carry the SDK's error name and no request id.
 */
export class AwsKmsError extends Error {
  constructor(
    readonly awsName: string,
    message: string,
    readonly requestId: string,
    /** true when AWS answered (an exception of the service), false when the call never reached it */
    readonly fromService: boolean,
  ) {
    super(message);
    this.name = "AwsKmsError";
  }
}

/** Runs one SDK call; its failure becomes an AwsKmsError. */
export async function awsCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof KMSServiceException) throw new AwsKmsError(e.name, e.message, e.$metadata?.requestId ?? "", true);
    const err = e instanceof Error ? e : new Error(String(e));
    throw new AwsKmsError(err.name === "Error" ? "AwsUnreachable" : err.name, err.message, "", false);
  }
}
