import { KMSServiceException } from "@aws-sdk/client-kms";

/**
 * A failed AWS call in AWS's own words: the exception name and message, and the request id AWS
 * assigned (for CloudTrail and AWS support). Calls that never got an AWS answer (network,
 * credentials the chain could not find) carry the SDK's error name and no request id. The service
 * is KMS, or STS when assuming a connection's role failed before KMS was called.
 */
export class AwsKmsError extends Error {
  constructor(
    readonly awsName: string,
    message: string,
    readonly requestId: string,
    /** true when AWS answered (an exception of the service), false when the call never reached it */
    readonly fromService: boolean,
    readonly service: "KMS" | "STS" = "KMS",
  ) {
    super(message);
    this.name = "AwsKmsError";
  }
}

/**
 * An exception AWS answered, from another service's SDK client (STS, called by the credential
 * provider of an assumed role): the SDK's service exceptions carry $fault and $metadata.
 */
function serviceAnswer(e: unknown): { name: string; message: string; requestId: string } | undefined {
  if (!(e instanceof Error)) return undefined;
  const x = e as Error & { $fault?: unknown; $metadata?: { requestId?: string } };
  if ((x.$fault !== "client" && x.$fault !== "server") || typeof x.$metadata !== "object") return undefined;
  return { name: x.name, message: x.message, requestId: x.$metadata.requestId ?? "" };
}

/** Runs one SDK call; its failure becomes an AwsKmsError. */
export async function awsCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof KMSServiceException) throw new AwsKmsError(e.name, e.message, e.$metadata?.requestId ?? "", true);
    const sts = serviceAnswer(e);
    if (sts) throw new AwsKmsError(sts.name, sts.message, sts.requestId, true, "STS");
    const err = e instanceof Error ? e : new Error(String(e));
    throw new AwsKmsError(err.name === "Error" ? "AwsUnreachable" : err.name, err.message, "", false);
  }
}
