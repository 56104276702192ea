import * as grpc from "@grpc/grpc-js";
import type { KmsAuthType, KmsConnectionPatch } from "../../store/index.js";
import { AdminError, invalid } from "../errors.js";
import { kmsConnectionMsg } from "../mappers.js";
import type {
  CreateKmsConnectionRequest,
  Empty,
  IdRequest,
  KmsConnectionMsg,
  ListKmsConnectionsRequest,
  ListResponse,
  UpdateKmsConnectionRequest,
} from "../messages.js";
import * as v from "../validate.js";
import type { ServiceContext } from "./context.js";

const AUTH_TYPES = ["static", "default-chain"] as const;

function authType(s: string, field: string): KmsAuthType {
  if (s === "assume-role") {
    throw new AdminError(grpc.status.UNIMPLEMENTED, `${field}: assume-role needs @aws-sdk/credential-providers, which this build does not include; use static or default-chain`);
  }
  const t = v.oneOf(s, field, AUTH_TYPES);
  return t as KmsAuthType;
}

function regions(list: string[], field: string): string[] {
  if (list.length === 0) throw invalid(field, "at least one AWS region is required");
  if (list.length > 64) throw invalid(field, `at most 64 regions (got ${list.length})`);
  return [...new Set(list.map((r) => v.region(r.trim(), field)))];
}

/** AWS access key ids: 16..128 upper-case letters and digits (AKIA..., ASIA...). */
function accessKeyId(s: string, field: string): string {
  if (!/^[A-Z0-9]{16,128}$/.test(s)) throw invalid(field, "must be an AWS access key id (16 to 128 upper-case letters and digits)");
  return s;
}

/** Never echoed: only its shape is described. */
function secret(s: string, field: string): string {
  if (s.length < 16 || s.length > 128 || !/^[\x21-\x7e]+$/.test(s)) throw invalid(field, "must be an AWS secret access key (16 to 128 printable characters, no spaces)");
  return s;
}

/** KmsService: AWS connections, the accounts and credentials the admin plane calls AWS KMS with. */
export function kmsService(ctx: ServiceContext): grpc.UntypedServiceImplementation {
  const { deps } = ctx;
  const u = ctx.unary("KmsService");
  const byId = (req: IdRequest) => ({ targetId: req.id });
  return {
    Create: u<CreateKmsConnectionRequest, KmsConnectionMsg>("Create", { mutates: true, target: (_q, r) => ({ targetId: r?.id }) }, async (req, c) => {
      const type = req.auth_type !== "" ? authType(req.auth_type, "auth_type") : req.access_key_id || req.secret_access_key ? "static" : undefined;
      if (!type) throw invalid("auth_type", "is required without an access key: give --access-key-id and --secret-access-key, or --auth-type default-chain");
      const conn = {
        name: v.name(req.name, "name"),
        accountId: v.awsAccount(req.account_id, "account_id"),
        regions: regions(req.regions, "regions"),
        authType: type,
        accessKeyId: type === "static" ? accessKeyId(req.access_key_id, "access_key_id") : req.access_key_id,
        endpoint: v.awsEndpoint(req.endpoint, "endpoint"),
        ...(type === "static" ? { secretAccessKey: secret(req.secret_access_key, "secret_access_key") } : req.secret_access_key ? { secretAccessKey: req.secret_access_key } : {}),
      };
      return kmsConnectionMsg(await c.commit(() => deps.store.kmsConnections.create(conn, deps.sealer), (r) => ({ targetId: r.id })));
    }),
    List: u<ListKmsConnectionsRequest, ListResponse<KmsConnectionMsg>>("List", { mutates: false }, async (req) => {
      const page = await deps.store.kmsConnections.list({ name: req.name, accountId: req.account_id }, v.pageParams(req));
      return { ...page, resources: page.resources.map(kmsConnectionMsg) };
    }),
    Get: u<IdRequest, KmsConnectionMsg>("Get", { mutates: false }, async (req) => kmsConnectionMsg(await deps.store.kmsConnections.resolve(v.required(req.id, "id")))),
    Update: u<UpdateKmsConnectionRequest, KmsConnectionMsg>("Update", { mutates: true, target: byId }, async (req, c) => {
      const id = v.required(req.id, "id");
      const patch: KmsConnectionPatch = {};
      if (req.name !== undefined) patch.name = v.name(req.name, "name");
      if (req.regions.length > 0) patch.regions = regions(req.regions, "regions");
      if (req.auth_type !== undefined) patch.authType = authType(v.required(req.auth_type, "auth_type"), "auth_type");
      if (req.access_key_id !== undefined) patch.accessKeyId = accessKeyId(req.access_key_id, "access_key_id");
      if (req.secret_access_key !== undefined) patch.secretAccessKey = secret(req.secret_access_key, "secret_access_key");
      if (req.endpoint !== undefined) patch.endpoint = v.awsEndpoint(req.endpoint, "endpoint");
      return kmsConnectionMsg(await c.commit(() => deps.store.kmsConnections.update(id, patch, deps.sealer)));
    }),
    Delete: u<IdRequest, Empty>("Delete", { mutates: true, target: byId }, async (req, c) => {
      const id = v.required(req.id, "id");
      await c.commit(() => deps.store.kmsConnections.delete(id));
      return {};
    }),
  };
}
