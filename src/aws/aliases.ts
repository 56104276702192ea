import { CreateAliasCommand, ListAliasesCommand, type KMSClient } from "@aws-sdk/client-kms";
import { AwsKmsError, awsCall } from "./errors.js";

/** AWS's alias rules: "alias/" then 1..250 of [a-zA-Z0-9/_-], and not the reserved "alias/aws/". */
export function aliasProblem(name: string): string | undefined {
  if (!/^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(name)) return 'must be "alias/<name>" (letters, digits, /, _ and -; at most 256 characters)';
  if (name.startsWith("alias/aws/")) return 'must not begin with "alias/aws/" (reserved for AWS managed keys)';
  return undefined;
}

export interface CreatedAlias {
  aliasArn: string;
  requestId: string;
}

/** The alias of that name if it points to the key (ListAliases filtered by the key). */
async function aliasOfKey(client: KMSClient, keyId: string, name: string): Promise<{ arn: string; requestId: string } | undefined> {
  let marker: string | undefined;
  do {
    const page = await awsCall(() => client.send(new ListAliasesCommand({ KeyId: keyId, Limit: 100, ...(marker ? { Marker: marker } : {}) })));
    const hit = (page.Aliases ?? []).find((a) => a.AliasName === name);
    if (hit) return { arn: hit.AliasArn ?? "", requestId: page.$metadata.requestId ?? "" };
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return undefined;
}

/**
 * Creates the alias for the key. Idempotent: an alias of that name already pointing to this key (a
 * retry after a CreateAlias whose answer was lost) is success; pointing to another key, AWS's
 * AlreadyExistsException stands.
 */
export async function ensureAlias(client: KMSClient, keyId: string, name: string): Promise<CreatedAlias> {
  try {
    const out = await awsCall(() => client.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: keyId })));
    const mine = await aliasOfKey(client, keyId, name);
    return { aliasArn: mine?.arn ?? "", requestId: out.$metadata.requestId ?? "" };
  } catch (e) {
    if (e instanceof AwsKmsError && e.awsName === "AlreadyExistsException") {
      const mine = await aliasOfKey(client, keyId, name);
      if (mine) return { aliasArn: mine.arn, requestId: mine.requestId };
    }
    throw e;
  }
}
