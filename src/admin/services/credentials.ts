import type * as grpc from "@grpc/grpc-js";
import type { Credential } from "../../store/index.js";
import type { AdminDeps } from "../deps.js";
import { credentialMsg, keyStoreMsg } from "../mappers.js";
import type {
  CreateCredentialRequest,
  CredentialMsg,
  CredentialRef,
  Empty,
  ListCredentialsRequest,
  ListResponse,
  RotateCredentialResponse,
} from "../messages.js";
import { pushNewCredential, recordPushed } from "../credential-push.js";
import { newAccessKeyId, newSecret } from "../provision.js";
import * as v from "../validate.js";
import type { CallContext } from "../rpc.js";
import type { ServiceContext } from "./context.js";

/**
 * Generates and stores a new credential for a store (call inside a transaction). Access key ids
 * are random; a collision with an existing one is retried rather than reported.
 */
export async function issueCredential(deps: Pick<AdminDeps, "store" | "sealer">, keyStoreId: string): Promise<{ credential: Credential; secret: string }> {
  let accessKeyId = newAccessKeyId();
  while (await deps.store.credentials.accessKeyIdExists(accessKeyId)) accessKeyId = newAccessKeyId();
  const secret = newSecret();
  return { credential: await deps.store.credentials.create(keyStoreId, accessKeyId, secret, deps.sealer), secret };
}

export function credentialService(ctx: ServiceContext): grpc.UntypedServiceImplementation {
  const { deps } = ctx;
  const u = ctx.unary("CredentialService");
  const STORE = "custom_key_store_id";
  const issue = (req: CreateCredentialRequest, ctx: CallContext) => {
    const ksId = v.required(req.custom_key_store_id, STORE);
    return ctx.commit(
      async () => {
        const { credential, secret } = await issueCredential(deps, ksId);
        const ks = await deps.store.keyStores.get(ksId);
        return { credential, secret, ks, oldest: (await deps.store.credentials.oldest(ksId))?.id ?? "" };
      },
      (r) => ({ targetId: r.credential.id, keyStoreId: ksId }),
    );
  };
  return {
    Create: u<CreateCredentialRequest, CredentialMsg>(
      "Create",
      { mutates: true, target: (q, r) => ({ targetId: r?.id, keyStoreId: q.custom_key_store_id }) },
      async (req, ctx) => {
        const { credential, secret, ks } = await issue(req, ctx);
        return credentialMsg(credential, { secret, keyStore: ks });
      },
    ),
    Rotate: u<CreateCredentialRequest, RotateCredentialResponse>(
      "Rotate",
      { mutates: true, target: (q, r) => ({ targetId: r?.credential.id, keyStoreId: q.custom_key_store_id }) },
      async (req, ctx) => {
        const ksId = v.required(req.custom_key_store_id, STORE);
        const cur = await deps.store.keyStores.get(ksId);
        if (cur.linkedState && cur.awsCustomKeyStoreId) {
          // a linked store's rotation answers only once AWS holds the new credential
          const p = await pushNewCredential(deps, cur);
          const ks = await ctx.commit(
            () => recordPushed(deps, ksId, p.credential.id),
            () => ({ targetId: p.credential.id, keyStoreId: ksId, kmsRequestId: p.requestId }),
          );
          return {
            custom_key_store: keyStoreMsg(ks),
            credential: credentialMsg(p.credential, { secret: p.secret, keyStore: ks }),
            credential_count: ks.credentialCount,
            oldest_credentials_id: (await deps.store.credentials.oldest(ksId))?.id ?? "",
          };
        }
        const { credential, secret, ks, oldest } = await issue(req, ctx);
        return {
          custom_key_store: keyStoreMsg(ks),
          credential: credentialMsg(credential, { secret, keyStore: ks }),
          credential_count: ks.credentialCount,
          oldest_credentials_id: oldest,
        };
      },
    ),
    List: u<ListCredentialsRequest, ListResponse<CredentialMsg>>("List", { mutates: false }, async (req) => {
      const page = await deps.store.credentials.list(v.required(req.custom_key_store_id, STORE), { accessKeyId: req.access_key_id }, v.pageParams(req));
      return { ...page, resources: page.resources.map((c) => credentialMsg(c)) };
    }),
    Get: u<CredentialRef, CredentialMsg>("Get", { mutates: false }, async (req) =>
      credentialMsg(await deps.store.credentials.get(v.required(req.custom_key_store_id, STORE), v.required(req.id, "id"))),
    ),
    Delete: u<CredentialRef, Empty>("Delete", { mutates: true, target: (q) => ({ targetId: q.id, keyStoreId: q.custom_key_store_id }) }, async (req, ctx) => {
      const ksId = v.required(req.custom_key_store_id, STORE);
      const id = v.required(req.id, "id");
      await ctx.commit(() => deps.store.credentials.delete(ksId, id));
      return {};
    }),
  };
}
