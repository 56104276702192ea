import type * as grpc from "@grpc/grpc-js";
import type { KmsAuthType, KmsConnectionPatch } from "../../store/index.js";
import { invalid } from "../errors.js";
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

const AUTH_TYPES = ["static", "default-chain", "assume-role"] as const;

function authType(s: string, field: string): KmsAuthType {
  return v.oneOf(s, field, AUTH_TYPES) as KmsAuthType;
}

/** IAM role ARNs: arn:<partition>:iam::<account>:role/<optional path/><name> (IAM's name and path characters). */
const ROLE_ARN = /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):iam::(\d{12}):role\/((?:[\x21-\x7e]{0,510}\/)?[\w+=,.@-]{1,64})$/;

/**
 * The role must live in the connection's account: the credentials STS answers are the role's, so
 * every AWS call (and the AWS custom key stores it creates) lands in the role's account, and the
 * confused-deputy check on kmsKeyArn trusts the connection's account to be that one.
 */
function roleArn(s: string, account: string, field: string): string {
  const m = ROLE_ARN.exec(s);
  if (!m || s.length > 2048) throw invalid(field, `must be an IAM role ARN such as arn:aws:iam::${account}:role/xks-proxy-admin; got "${s.slice(0, 128)}"`);
  if (m[2] !== account) throw invalid(field, `names a role of AWS account ${m[2]}, but the connection is for account ${account}: assume a role of the connection's own account`);
  return s;
}

/** STS's constraint on ExternalId: 2 to 1224 of [\w+=,.@:/-]. */
function externalId(s: string, field: string): string {
  if (s !== "" && !/^[\w+=,.@:\/-]{2,1224}$/.test(s)) throw invalid(field, "must be 2 to 1224 characters of letters, digits and +=,.@:/-");
  return s;
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
      if (!type) throw invalid("auth_type", "is required without an access key: give --access-key-id and --secret-access-key, --auth-type default-chain, or --auth-type assume-role");
      const accountId = v.awsAccount(req.account_id, "account_id");
      // assume-role takes a static source key when one is given (the store checks both halves come together)
      const keyed = type === "static" || (type === "assume-role" && req.access_key_id !== "");
      const conn = {
        name: v.name(req.name, "name"),
        accountId,
        regions: regions(req.regions, "regions"),
        authType: type,
        accessKeyId: keyed ? accessKeyId(req.access_key_id, "access_key_id") : req.access_key_id,
        endpoint: v.awsEndpoint(req.endpoint, "endpoint"),
        assumeRoleArn: type === "assume-role" ? roleArn(req.assume_role_arn, accountId, "assume_role_arn") : req.assume_role_arn,
        externalId: externalId(req.external_id, "external_id"),
        ...(keyed ? { secretAccessKey: secret(req.secret_access_key, "secret_access_key") } : req.secret_access_key ? { secretAccessKey: req.secret_access_key } : {}),
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
      if (req.assume_role_arn !== undefined) patch.assumeRoleArn = roleArn(req.assume_role_arn, (await deps.store.kmsConnections.get(id)).accountId, "assume_role_arn");
      if (req.external_id !== undefined) patch.externalId = externalId(req.external_id, "external_id");
      return kmsConnectionMsg(await c.commit(() => deps.store.kmsConnections.update(id, patch, deps.sealer)));
    }),
    Delete: u<IdRequest, Empty>("Delete", { mutates: true, target: byId }, async (req, c) => {
      const id = v.required(req.id, "id");
      await c.commit(() => deps.store.kmsConnections.delete(id));
      return {};
    }),
  };
}
