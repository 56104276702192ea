import type * as grpc from "@grpc/grpc-js";
import { randomUUID } from "node:crypto";
import { DEFAULT_MAX_CREDENTIALS, DEFAULT_RATE_LIMIT, type KeyStorePatch, type RateLimitSettings } from "../../store/index.js";
import type { AuthorizationRule, KeyTier } from "../../keys/records.js";
import { AdminError, exists, invalid, missing, precondition, type LogInternal } from "../errors.js";
import { keyStoreMsg, proxyConfiguration } from "../mappers.js";
import type {
  ConnectKeyStoreRequest,
  CreateKeyStoreRequest,
  EnableCredentialRotationJobRequest,
  LinkKeyStoreRequest,
  Empty,
  SyncJobMsg,
  SyncKeyStoresRequest,
  HealthCheckResponse,
  IdRequest,
  KeyStoreMsg,
  ListKeyStoresRequest,
  ListResponse,
  RateLimitRequestMsg,
  UpdateKeyStoreRequest,
} from "../messages.js";
import { commitGenerated, generateSourceKey } from "../provision.js";
import * as v from "../validate.js";
import type { AdminDeps } from "../deps.js";
import type { CallContext } from "../rpc.js";
import type { Reservations } from "../reservations.js";
import type { ServiceContext } from "./context.js";
import { issueCredential } from "./credentials.js";
import { disableRotationJob, enableRotationJob } from "./rotationJobs.js";
import { connect, createLinked, deleteAwsSide, disconnect, link, pushAwsUpdate } from "./keyStoreAws.js";
import { assertRegion, resolveStoreKms } from "../aws-link.js";
import * as grpcNs from "@grpc/grpc-js";
import { startSync } from "./syncJobs.js";

const LHP = "local_hosted_params";

/** Absent fields keep `cur` (the default on create); 0 is refused, never read as "default". */
function rateLimit(m: RateLimitRequestMsg | null | undefined, cur: RateLimitSettings): RateLimitSettings {
  if (!m) return cur;
  const rps = m.requests_per_second ?? cur.requestsPerSecond;
  const burst = m.burst ?? cur.burst;
  v.intInRange(rps, `${LHP}.rate_limit.requests_per_second`, 1, 1_000_000);
  v.intInRange(burst, `${LHP}.rate_limit.burst`, 1, 10_000_000);
  return { requestsPerSecond: rps, burst };
}

/** The health-check key must be usable by this store: same source, both usages. */
async function checkHealthKey(deps: AdminDeps, id: string, tier: KeyTier, partition: string | null): Promise<void> {
  const k = await deps.store.sourceKeys.find(id);
  if (!k) throw missing(`${LHP}.health_check_key_id: source key ${id} does not exist`);
  if (k.tier !== tier || k.partition !== partition) {
    throw precondition(`${LHP}.health_check_key_id: source key ${id} is a ${k.tier} key${k.partition ? ` in partition ${k.partition}` : ""}; this store needs a ${tier} key${partition ? ` in partition ${partition}` : ""}`);
  }
  if (!k.encrypt || !k.decrypt) throw precondition(`${LHP}.health_check_key_id: source key ${id} must allow both encrypt and decrypt`);
}

function vpcRule(connectivity: string, vpcName: string): void {
  if (connectivity === "VPC_ENDPOINT_SERVICE" && vpcName === "") {
    throw invalid("aws_param.xks_proxy_vpc_endpoint_service_name", "is required when xks_proxy_connectivity is VPC_ENDPOINT_SERVICE");
  }
}

async function create(deps: AdminDeps, req: CreateKeyStoreRequest, ctx: CallContext, reserve: Reservations, logInternal: LogInternal): Promise<KeyStoreMsg> {
  const lhp = req.local_hosted_params;
  const aws = req.aws_param;
  const name = v.name(req.name, "name");
  const region = v.region(req.region, "region");
  const { accountId: kms, conn } = await resolveStoreKms(deps, req.kms, "kms");
  if (conn) assertRegion(conn, region);
  // partition_id and partition_label carry the same token label: two different values are a mistake
  if (lhp?.partition_id && lhp.partition_label && lhp.partition_id !== lhp.partition_label) {
    throw invalid(`${LHP}.partition_label`, `names another partition than partition_id ("${lhp.partition_label.slice(0, 64)}" vs "${lhp.partition_id.slice(0, 64)}"); give one of them`);
  }
  const partitionIn = (lhp?.partition_label || lhp?.partition_id || "").trim();
  const tier = lhp?.source_key_tier ? v.tier(lhp.source_key_tier, `${LHP}.source_key_tier`) : partitionIn ? "luna-hsm" : "local";
  if (tier === "luna-hsm" && !partitionIn) throw invalid(`${LHP}.partition_id`, "is required when source_key_tier is luna-hsm");
  if (tier === "local" && partitionIn) throw invalid(`${LHP}.partition_id`, "must be empty when source_key_tier is local");
  const partition = tier === "luna-hsm" ? partitionIn : null;
  if (partition && !deps.partitions.includes(partition)) {
    // checked here too (not only at key generation) so a store never points at an unknown token
    if (!deps.hsm) throw precondition("no PKCS#11 partitions are configured in this daemon, so luna-hsm key stores cannot be created; add a pkcs11 section to the config and restart");
    throw invalid(`${LHP}.partition_id`, `partition "${partition}" is not configured; configured partitions: ${deps.partitions.join(", ") || "(none)"}`);
  }
  v.answerOnly(aws?.connection_state, "aws_param.connection_state");
  v.answerOnly(aws?.custom_key_store_id, "aws_param.custom_key_store_id");
  v.answerOnly(lhp?.source_container_type, `${LHP}.source_container_type`);
  v.answerOnly(lhp?.linked_state, `${LHP}.linked_state`);
  if (aws?.custom_key_store_name && aws.custom_key_store_name.trim() !== name) {
    throw invalid("aws_param.custom_key_store_name", "is the key store's name in AWS KMS, which is its name: give name only");
  }
  const maxCredentials = lhp?.max_credentials ? v.intInRange(lhp.max_credentials, `${LHP}.max_credentials`, 2, 20) : DEFAULT_MAX_CREDENTIALS;
  const customType = aws?.custom_key_store_type || "EXTERNAL_KEY_STORE";
  if (customType !== "EXTERNAL_KEY_STORE") {
    throw invalid("aws_param.custom_key_store_type", "this proxy hosts only EXTERNAL_KEY_STORE key stores");
  }
  const id = randomUUID();
  const uriPath = aws?.xks_proxy_uri_path ? v.uriPath(aws.xks_proxy_uri_path, "aws_param.xks_proxy_uri_path") : `/keystores/${id}/kms/xks/v1`;
  const connectivity = v.connectivity(aws?.xks_proxy_connectivity ?? "", "aws_param.xks_proxy_connectivity");
  const vpcName = v.vpcEndpointServiceName(aws?.xks_proxy_vpc_endpoint_service_name ?? "", "aws_param.xks_proxy_vpc_endpoint_service_name");
  vpcRule(connectivity, vpcName);
  const endpoint = v.awsEndpoint(aws?.xks_proxy_uri_endpoint ?? "", "aws_param.xks_proxy_uri_endpoint");
  if (req.linked_state) {
    // refused before anything is created: what the link needs must be there
    if (!conn) throw invalid("kms", "linked_state needs the store's kms to name an AWS connection (see \"kms list\"), not a bare account");
    if (!endpoint) throw invalid("aws_param.xks_proxy_uri_endpoint", "is required with linked_state: it is where AWS KMS sends the store's requests");
  }
  const limits = rateLimit(lhp?.rate_limit, DEFAULT_RATE_LIMIT);
  const mtlsEnabled = mtls(deps, lhp?.mtls_enabled); // every refusal comes before any HSM key is made
  const authorizationRules = v.authorizationRules(req.authorization_rules, "authorization_rules");
  // Concurrent creations of one name (or path) would each generate an HSM health key before the
  // insert refused all but one: the name and path are reserved first, then checked, then used.
  const release = reserve.take([`key-store-name:${name}`, `key-store-path:${uriPath}`], () =>
    exists(`a key store named "${name}" (or with path ${uriPath}) is being created by another call`),
  );
  try {
    if ((await deps.store.keyStores.list({ name }, {})).total > 0) throw exists(`a key store named "${name}" already exists`);
    if (await deps.store.keyStores.findByUriPath(uriPath)) throw exists(`another key store already uses xks_proxy_uri_path ${uriPath}`);
    return await createReserved(deps, ctx, { id, name, kms, kmsConnectionId: conn?.id ?? null, region, tier, partition, maxCredentials, mtlsEnabled, customType, uriPath, connectivity, vpcName, endpoint, limits, authorizationRules, req }, logInternal);
  } finally {
    release();
  }
}

interface CreatePlan {
  id: string;
  name: string;
  kms: string;
  kmsConnectionId: string | null;
  region: string;
  tier: KeyTier;
  partition: string | null;
  maxCredentials: number;
  mtlsEnabled: boolean;
  customType: string;
  uriPath: string;
  connectivity: string;
  vpcName: string;
  endpoint: string;
  limits: RateLimitSettings;
  authorizationRules: AuthorizationRule[];
  req: CreateKeyStoreRequest;
}

async function createReserved(deps: AdminDeps, ctx: CallContext, p: CreatePlan, logInternal: LogInternal): Promise<KeyStoreMsg> {
  const { id, name, kms, kmsConnectionId, region, tier, partition, maxCredentials, mtlsEnabled, customType, uriPath, connectivity, vpcName, endpoint, limits, authorizationRules, req } = p;
  const lhp = req.local_hosted_params;
  let healthKeyId = lhp?.health_check_key_id ?? "";
  const healthKey = healthKeyId
    ? undefined
    : await generateSourceKey(deps, { tier, partition, label: tier === "luna-hsm" ? `xks-health-${id}` : `health-check-${id}`, encrypt: true, decrypt: true }, `${LHP}.partition_id`);
  if (healthKey) healthKeyId = healthKey.id!;
  else await checkHealthKey(deps, healthKeyId, tier, partition);

  const { ks, issued } = await commitGenerated(deps, healthKey, () => ctx.commit(async () => {
    if (healthKey) await deps.store.sourceKeys.create(healthKey, deps.sealer);
    await deps.store.keyStores.create({
      id,
      name,
      kms,
      region,
      // linked only once AWS has the store (linked_state: the link follows this commit)
      linkedState: false,
      customKeyStoreType: customType,
      sourceKeyTier: tier,
      partition,
      blocked: lhp?.blocked ?? false,
      healthCheckKeyId: healthKeyId,
      maxCredentials,
      mtlsEnabled,
      enableSuccessAuditEvent: req.enable_success_audit_event,
      rateLimit: limits,
      xksProxyConnectivity: connectivity,
      xksProxyUriEndpoint: endpoint,
      xksProxyUriPath: uriPath,
      xksProxyVpcEndpointServiceName: vpcName,
      authorizationRules,
    });
    if (kmsConnectionId) await deps.store.keyStores.setAws(id, { kmsConnectionId });
    // as in CCKM, a new store comes with its first credential (shown once, here)
    const issued = await issueCredential(deps, id);
    return { ks: await deps.store.keyStores.get(id), issued };
  }, () => ({ targetId: id, keyStoreId: id })), logInternal);
  return {
    ...keyStoreMsg(ks),
    access_key_id: issued.credential.accessKeyId,
    secret_access_key: issued.secret,
    proxy_configuration: proxyConfiguration(ks, issued.credential.accessKeyId, issued.secret),
  };
}

/**
 * mtls_enabled=true: the store's requests must come with AWS KMS's client certificate for its
 * region. Accepted only when the data plane verifies client certificates at all; otherwise it
 * would promise a protection that is not there (and every request to the store would be refused).
 */
function mtls(deps: AdminDeps, requested: boolean | undefined): boolean {
  if (requested && !deps.clientAuth) {
    throw precondition(`${LHP}.mtls_enabled: this daemon's data plane does not verify client certificates; configure xks.tls.clientAuth (and restart) first`);
  }
  return requested ?? false;
}

async function update(deps: AdminDeps, req: UpdateKeyStoreRequest, ctx: CallContext): Promise<KeyStoreMsg> {
  const cur = await deps.store.keyStores.get(req.id);
  const patch: KeyStorePatch = {};
  if (req.name !== undefined) patch.name = v.name(req.name, "name");
  // undefined: the connection stays; null: a bare account, no connection
  let kmsConnectionId: string | null | undefined;
  if (req.kms !== undefined) {
    const named = await resolveStoreKms(deps, req.kms, "kms");
    patch.kms = named.accountId;
    kmsConnectionId = named.conn?.id ?? null;
    if (cur.linkedState && !named.conn) throw precondition(`kms: key store ${cur.id} is linked with AWS KMS: it must name an AWS connection (of account ${cur.kms}), not a bare account`);
  }
  if (req.region !== undefined) patch.region = v.region(req.region, "region");
  if (req.enable_success_audit_event !== undefined) patch.enableSuccessAuditEvent = req.enable_success_audit_event;
  if (req.clear_authorization_rules) {
    if (req.authorization_rules.length > 0) throw invalid("clear_authorization_rules", "cannot be given together with authorization_rules (which replace the rules)");
    patch.authorizationRules = [];
  } else if (req.authorization_rules.length > 0) patch.authorizationRules = v.authorizationRules(req.authorization_rules, "authorization_rules");
  const l = req.local_hosted_params;
  if (l) {
    if (l.health_check_key_id !== undefined) {
      await checkHealthKey(deps, v.required(l.health_check_key_id, `${LHP}.health_check_key_id`), cur.sourceKeyTier, cur.partition);
      patch.healthCheckKeyId = l.health_check_key_id;
    }
    if (l.mtls_enabled !== undefined) patch.mtlsEnabled = mtls(deps, l.mtls_enabled);
    if (l.max_credentials !== undefined) patch.maxCredentials = v.intInRange(l.max_credentials, `${LHP}.max_credentials`, 2, 20);
    if (l.rate_limit) patch.rateLimit = rateLimit(l.rate_limit, cur.rateLimit);
  }
  const a = req.aws_param;
  if (a) {
    if (a.xks_proxy_connectivity !== undefined) patch.xksProxyConnectivity = v.connectivity(a.xks_proxy_connectivity, "aws_param.xks_proxy_connectivity");
    if (a.xks_proxy_uri_endpoint !== undefined) patch.xksProxyUriEndpoint = v.awsEndpoint(a.xks_proxy_uri_endpoint, "aws_param.xks_proxy_uri_endpoint");
    if (a.xks_proxy_uri_path !== undefined) patch.xksProxyUriPath = v.uriPath(a.xks_proxy_uri_path, "aws_param.xks_proxy_uri_path");
    if (a.xks_proxy_vpc_endpoint_service_name !== undefined) {
      patch.xksProxyVpcEndpointServiceName = v.vpcEndpointServiceName(a.xks_proxy_vpc_endpoint_service_name, "aws_param.xks_proxy_vpc_endpoint_service_name");
    }
  }
  vpcRule(patch.xksProxyConnectivity ?? cur.xksProxyConnectivity, patch.xksProxyVpcEndpointServiceName ?? cur.xksProxyVpcEndpointServiceName);
  if (cur.linkedState && ((patch.kms ?? cur.kms) !== cur.kms || (patch.region ?? cur.region) !== cur.region)) {
    throw precondition(`key store ${cur.id} is linked with AWS custom key store ${cur.awsCustomKeyStoreId} in account ${cur.kms}, ${cur.region}: its account and region are AWS's and cannot change`);
  }
  const connId = kmsConnectionId === undefined ? cur.kmsConnectionId : kmsConnectionId;
  if (connId) assertRegion(await deps.store.kmsConnections.get(connId), patch.region ?? cur.region);
  // a linked store's AWS side changes first: AWS refuses what it allows only while disconnected, and says so
  const kmsRequestId = await pushAwsUpdate(deps, cur, patch);
  return keyStoreMsg(
    await ctx.commit(
      async () => {
        const saved = await deps.store.keyStores.update(req.id, patch);
        return kmsConnectionId === undefined || kmsConnectionId === cur.kmsConnectionId ? saved : deps.store.keyStores.setAws(req.id, { kmsConnectionId });
      },
      () => ({ targetId: req.id, keyStoreId: req.id, kmsRequestId }),
    ),
  );
}

export function keyStoreService(ctx: ServiceContext): grpc.UntypedServiceImplementation {
  const { deps } = ctx;
  const u = ctx.unary("KeyStoreService");
  const byId = (req: IdRequest) => ({ targetId: req.id, keyStoreId: req.id });
  const setBlocked = (blocked: boolean) => async (req: IdRequest, ctx: CallContext) => {
    const id = v.required(req.id, "id");
    return keyStoreMsg(await ctx.commit(() => deps.store.keyStores.update(id, { blocked })));
  };
  return {
    Create: u<CreateKeyStoreRequest, KeyStoreMsg>("Create", { mutates: true, target: (_q, r) => ({ targetId: r?.id, keyStoreId: r?.id }) }, async (req, c) => {
      const created = await create(deps, req, c, ctx.reserve, ctx.logInternal);
      return req.linked_state ? createLinked(deps, created, c) : created;
    }),
    List: u<ListKeyStoresRequest, ListResponse<KeyStoreMsg>>("List", { mutates: false }, async (req) => {
      const page = await deps.store.keyStores.list(
        {
          id: req.id,
          name: req.name,
          kms: req.kms,
          region: req.region,
          type: req.type,
          blocked: req.blocked,
          linkedState: req.linked_state,
          xksProxyConnectivity: v.oneOf(req.xks_proxy_connectivity, "xks_proxy_connectivity", v.CONNECTIVITY),
          connectionState: req.connection_state,
          sourceKeyTier: v.oneOf(req.source_key_tier, "source_key_tier", ["local", "luna-hsm"]),
          customKeyStoreType: req.custom_key_store_type,
        },
        v.pageParams(req),
      );
      return { ...page, resources: page.resources.map((k) => keyStoreMsg(k)) };
    }),
    Get: u<IdRequest, KeyStoreMsg>("Get", { mutates: false }, async (req) => {
      const id = v.required(req.id, "id");
      return keyStoreMsg(await deps.store.keyStores.get(id), await deps.store.rotationJobs.find(id));
    }),
    Update: u<UpdateKeyStoreRequest, KeyStoreMsg>("Update", { mutates: true, target: byId }, (req, c) => update(deps, { ...req, id: v.required(req.id, "id") }, c)),
    Delete: u<IdRequest, Empty>("Delete", { mutates: true, target: byId }, async (req, c) => {
      const id = v.required(req.id, "id");
      const kmsRequestId = await deleteAwsSide(deps, id);
      await c.commit(() => deps.store.keyStores.delete(id), () => ({ targetId: id, keyStoreId: id, kmsRequestId }));
      return {};
    }),
    Link: u<LinkKeyStoreRequest, KeyStoreMsg>("Link", { mutates: true, target: byId }, (req, c) => link(deps, req, c)),
    Connect: u<ConnectKeyStoreRequest, KeyStoreMsg>("Connect", { mutates: true, target: byId }, (req, c) => connect(deps, req, c)),
    Disconnect: u<IdRequest, KeyStoreMsg>("Disconnect", { mutates: true, target: byId }, (req, c) => disconnect(deps, req, c)),
    EnableCredentialRotationJob: u<EnableCredentialRotationJobRequest, KeyStoreMsg>("EnableCredentialRotationJob", { mutates: true, target: byId }, (req, c) => enableRotationJob(deps, req, c)),
    DisableCredentialRotationJob: u<IdRequest, KeyStoreMsg>("DisableCredentialRotationJob", { mutates: true, target: byId }, (req, c) => disableRotationJob(deps, req, c)),
    Sync: u<SyncKeyStoresRequest, SyncJobMsg>("Sync", { mutates: true, target: (_q, r) => ({ targetId: r?.id }) }, (req, c) => startSync(deps, ctx.syncJobs, ctx.reserve, req, c)),
    Block: u<IdRequest, KeyStoreMsg>("Block", { mutates: true, target: byId }, setBlocked(true)),
    Unblock: u<IdRequest, KeyStoreMsg>("Unblock", { mutates: true, target: byId }, setBlocked(false)),
    HealthCheck: u<IdRequest, HealthCheckResponse>("HealthCheck", { mutates: false }, async (req) => {
      const ks = await deps.store.keyStores.get(v.required(req.id, "id"));
      if (!deps.healthCheck) throw precondition("this server has no data plane attached, so it cannot run health checks");
      try {
        return { id: ks.id, result: JSON.stringify(await deps.healthCheck(ks.id)) };
      } catch (e) {
        throw new AdminError(grpcNs.status.UNAVAILABLE, `health check of key store ${ks.id} failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      }
    }),
  };
}

