import type * as grpc from "@grpc/grpc-js";
import { checkPrincipals, emptyLists, givenLists, parsePolicyDocument, PolicyInputError, PRINCIPAL_FIELDS, type PrincipalLists } from "../../aws/key-policy.js";
import type { PolicyTemplatePatch } from "../../store/index.js";
import type { AdminDeps } from "../deps.js";
import { invalid } from "../errors.js";
import { policyTemplateMsg } from "../mappers.js";
import type {
  CreatePolicyTemplateRequest,
  Empty,
  IdRequest,
  ListPolicyTemplatesRequest,
  ListResponse,
  PolicyTemplateMsg,
  UpdatePolicyTemplateRequest,
} from "../messages.js";
import * as v from "../validate.js";
import type { ServiceContext } from "./context.js";

/** A template's content: a policy document or principal lists (checked as key policies are), never both. */
function content(policy: string | undefined, req: Partial<PrincipalLists>): { policy?: string; principals?: PrincipalLists } {
  const lists = givenLists(req);
  if (policy !== undefined && lists.length) throw invalid("policy", `is mutually exclusive with ${lists.join(", ")}; give one kind of policy parameter`);
  try {
    if (policy !== undefined) {
      parsePolicyDocument(policy, "policy");
      return { policy };
    }
    if (!lists.length) return {};
    checkPrincipals(req);
  } catch (e) {
    if (e instanceof PolicyInputError) throw invalid(e.field, e.message);
    throw e;
  }
  const principals = emptyLists();
  for (const f of PRINCIPAL_FIELDS) principals[f] = [...(req[f] ?? [])];
  return { principals };
}

/** The account a template is for: a connection's (by name or id), a 12-digit id, or "" = any. */
async function accountOf(deps: AdminDeps, kms: string | undefined, accountId: string | undefined): Promise<string | undefined> {
  if (kms && accountId) throw invalid("account_id", "give kms or account_id, not both");
  if (kms) return (await deps.store.kmsConnections.resolve(kms)).accountId;
  if (accountId === undefined) return undefined;
  return accountId === "" ? "" : v.awsAccount(accountId, "account_id");
}

/** PolicyTemplateService: reusable key policies for HYOK keys (the seeds' policytemplate). */
export function policyTemplateService(ctx: ServiceContext): grpc.UntypedServiceImplementation {
  const { deps } = ctx;
  const u = ctx.unary("PolicyTemplateService");
  const byId = async (req: IdRequest | UpdatePolicyTemplateRequest) => ({ targetId: (await deps.store.policyTemplates.resolve(req.id).catch(() => undefined))?.id ?? req.id });
  return {
    Create: u<CreatePolicyTemplateRequest, PolicyTemplateMsg>("Create", { mutates: true, target: (_q, r) => ({ targetId: r?.id }) }, async (req, c) => {
      const name = v.name(req.name, "name");
      const body = content(req.policy === "" ? undefined : req.policy, req);
      if (!body.policy && !body.principals) throw invalid("policy", "a template needs a policy document or at least one of key_admins, key_admins_roles, key_users, key_users_roles, external_accounts");
      const accountId = (await accountOf(deps, req.kms || undefined, req.account_id || undefined)) ?? "";
      const t = await c.commit(() => deps.store.policyTemplates.create({ name, accountId, policy: body.policy ?? "", principals: body.principals ?? emptyLists() }), (r) => ({ targetId: r.id }));
      return policyTemplateMsg(t);
    }),
    List: u<ListPolicyTemplatesRequest, ListResponse<PolicyTemplateMsg>>("List", { mutates: false }, async (req) => {
      const page = await deps.store.policyTemplates.list({ name: req.name, accountId: req.account_id }, v.pageParams(req));
      return { ...page, resources: page.resources.map(policyTemplateMsg) };
    }),
    Get: u<IdRequest, PolicyTemplateMsg>("Get", { mutates: false }, async (req) => policyTemplateMsg(await deps.store.policyTemplates.resolve(v.required(req.id, "id")))),
    Update: u<UpdatePolicyTemplateRequest, PolicyTemplateMsg>("Update", { mutates: true, target: byId }, async (req, c) => {
      const id = (await deps.store.policyTemplates.resolve(v.required(req.id, "id"))).id;
      const patch: PolicyTemplatePatch = {};
      if (req.name !== undefined) patch.name = v.name(req.name, "name");
      const accountId = await accountOf(deps, req.kms, req.account_id);
      if (accountId !== undefined) patch.accountId = accountId;
      const body = content(req.policy, req);
      if (body.policy !== undefined) patch.policy = body.policy;
      if (body.principals) patch.principals = body.principals;
      return policyTemplateMsg(await c.commit(() => deps.store.policyTemplates.update(id, patch), (r) => ({ targetId: r.id })));
    }),
    Delete: u<IdRequest, Empty>("Delete", { mutates: true, target: byId }, async (req, c) => {
      const id = (await deps.store.policyTemplates.resolve(v.required(req.id, "id"))).id;
      await c.commit(() => deps.store.policyTemplates.delete(id), () => ({ targetId: id }));
      return {};
    }),
  };
}
