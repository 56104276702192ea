import type { AuthorizationRule, KeyTier } from "../keys/records.js";
import { isUniqueViolation, notFound, StoreError } from "./errors.js";
import { listPage, type ListParams, type Page } from "./list.js";
import { bool, int, nowIso } from "./rows.js";
import type { SqlEngine } from "./sql/executor.js";

export interface RateLimitSettings {
  requestsPerSecond: number;
  burst: number;
}

/** AWS's default per-key-store request quota for external key stores. */
export const DEFAULT_RATE_LIMIT: RateLimitSettings = { requestsPerSecond: 1800, burst: 3600 };
export const DEFAULT_MAX_CREDENTIALS = 10;

export interface KeyStore {
  id: string;
  name: string;
  kms: string;
  region: string;
  linkedState: boolean;
  connectionState: string;
  customKeyStoreType: string;
  /** the AWS-side id ("cks-...") once linked; "" until then */
  awsCustomKeyStoreId: string;
  /** the AWS connection (kms_connections) the store is linked through; null until linked */
  kmsConnectionId: string | null;
  /** AWS's ConnectionErrorCode when connection_state is FAILED; "" otherwise */
  connectionErrorCode: string;
  /** the credential AWS KMS holds for a linked store ("" when unknown: linked before this was recorded) */
  awsCredentialId: string;
  /** a credential created for a push to AWS that AWS has not confirmed yet; "" when none */
  awsPendingCredentialId: string;
  sourceKeyTier: KeyTier;
  partition: string | null;
  blocked: boolean;
  healthCheckKeyId: string | null;
  maxCredentials: number;
  mtlsEnabled: boolean;
  enableSuccessAuditEvent: boolean;
  rateLimit: RateLimitSettings;
  xksProxyConnectivity: string;
  xksProxyUriEndpoint: string;
  xksProxyUriPath: string;
  xksProxyVpcEndpointServiceName: string;
  /** none: every authenticated request is allowed (keys/authorization.ts) */
  authorizationRules: AuthorizationRule[];
  credentialVersion: number;
  credentialCount: number;
  createdAt: string;
  updatedAt: string;
}

export type NewKeyStore = Omit<
  KeyStore,
  "createdAt" | "updatedAt" | "credentialVersion" | "credentialCount" | "connectionState" | "awsCustomKeyStoreId" | "authorizationRules" | "kmsConnectionId" | "connectionErrorCode" | "awsCredentialId" | "awsPendingCredentialId"
> & { /** default: none */ authorizationRules?: AuthorizationRule[] };

/** The seed's editable fields plus block state and rate limit. */
export type KeyStorePatch = Partial<
  Pick<
    KeyStore,
    | "name"
    | "kms"
    | "region"
    | "blocked"
    | "healthCheckKeyId"
    | "maxCredentials"
    | "mtlsEnabled"
    | "enableSuccessAuditEvent"
    | "rateLimit"
    | "xksProxyConnectivity"
    | "xksProxyUriEndpoint"
    | "xksProxyUriPath"
    | "xksProxyVpcEndpointServiceName"
    | "authorizationRules"
  >
>;

/** The AWS-side fields setAws writes. */
export type AwsSide = Partial<Pick<KeyStore, "kmsConnectionId" | "awsCustomKeyStoreId" | "linkedState" | "connectionState" | "connectionErrorCode" | "xksProxyUriEndpoint" | "awsCredentialId" | "awsPendingCredentialId">>;

export interface KeyStoreFilter {
  id?: string;
  name?: string;
  kms?: string;
  region?: string;
  type?: string;
  blocked?: boolean;
  linkedState?: boolean;
  xksProxyConnectivity?: string;
  connectionState?: string;
  sourceKeyTier?: string;
  customKeyStoreType?: string;
}

interface Row {
  id: string;
  name: string;
  kms: string;
  region: string;
  linked_state: number;
  connection_state: string;
  custom_key_store_type: string;
  aws_custom_key_store_id: string;
  kms_connection_id: string | null;
  connection_error_code: string;
  aws_credential_id: string;
  aws_pending_credential_id: string;
  source_key_tier: KeyTier;
  partition: string | null;
  blocked: number;
  health_check_key_id: string | null;
  max_credentials: number;
  mtls_enabled: number;
  enable_success_audit_event: number;
  rate_limit_rps: number;
  rate_limit_burst: number;
  xks_proxy_connectivity: string;
  xks_proxy_uri_endpoint: string;
  xks_proxy_uri_path: string;
  xks_proxy_vpc_endpoint_service_name: string;
  authorization_rules: string;
  credential_version: number;
  credential_count: number;
  created_at: string;
  updated_at: string;
}

const FROM = "key_stores ks";
const SELECT = "ks.*, (SELECT COUNT(*) FROM credentials c WHERE c.key_store_id = ks.id) AS credential_count";

function toKeyStore(r: Row): KeyStore {
  return {
    id: r.id,
    name: r.name,
    kms: r.kms,
    region: r.region,
    linkedState: bool(r.linked_state),
    connectionState: r.connection_state,
    customKeyStoreType: r.custom_key_store_type,
    awsCustomKeyStoreId: r.aws_custom_key_store_id,
    kmsConnectionId: r.kms_connection_id,
    connectionErrorCode: r.connection_error_code,
    awsCredentialId: r.aws_credential_id,
    awsPendingCredentialId: r.aws_pending_credential_id,
    sourceKeyTier: r.source_key_tier,
    partition: r.partition,
    blocked: bool(r.blocked),
    healthCheckKeyId: r.health_check_key_id,
    maxCredentials: r.max_credentials,
    mtlsEnabled: bool(r.mtls_enabled),
    enableSuccessAuditEvent: bool(r.enable_success_audit_event),
    rateLimit: { requestsPerSecond: r.rate_limit_rps, burst: r.rate_limit_burst },
    xksProxyConnectivity: r.xks_proxy_connectivity,
    xksProxyUriEndpoint: r.xks_proxy_uri_endpoint,
    xksProxyUriPath: r.xks_proxy_uri_path,
    xksProxyVpcEndpointServiceName: r.xks_proxy_vpc_endpoint_service_name,
    authorizationRules: parseRules(r.authorization_rules, r.id),
    credentialVersion: r.credential_version,
    credentialCount: r.credential_count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/**
 * The authorization_rules column as written by this repository (the admin plane validated every
 * value). Anything else is refused rather than read as fewer conditions: a rule that lost one
 * would allow more than it says.
 */
function parseRules(json: string, id: string): AuthorizationRule[] {
  const v: unknown = JSON.parse(json);
  const ok =
    Array.isArray(v) &&
    v.every((r: unknown) => {
      if (typeof r !== "object" || r === null || Array.isArray(r)) return false;
      const o = r as Record<string, unknown>;
      return (
        Object.keys(o).every((k) => k === "principal" || k === "operations" || k === "viaServices") &&
        (o.principal === undefined || typeof o.principal === "string") &&
        (o.operations === undefined || isStrings(o.operations)) &&
        (o.viaServices === undefined || isStrings(o.viaServices))
      );
    });
  if (!ok) throw new Error(`key store ${id}: authorization_rules in the database are malformed`);
  return v as AuthorizationRule[];
}

/**
 * The store's AWS account drives the data plane's confused-deputy check: a store must never hold a
 * value that would switch it off (the database refuses one too, see migration 3).
 */
export const AWS_ACCOUNT = /^\d{12}$/;

function assertAccount(kms: string): void {
  if (!AWS_ACCOUNT.test(kms)) throw new StoreError("INVALID_ARGUMENT", "must be a 12-digit AWS account id", "kms");
}

/** Turns a UNIQUE violation into a message naming the duplicated field. */
function duplicate(e: unknown, ks: { name?: string; xksProxyUriPath?: string }): never {
  if (isUniqueViolation(e)) {
    // SQLite names the column in the message; PostgreSQL in the error's detail ("Key (xks_proxy_uri_path)=...")
    const msg = `${(e as Error).message} ${String((e as { detail?: unknown }).detail ?? "")}`;
    if (msg.includes("xks_proxy_uri_path")) {
      throw new StoreError("ALREADY_EXISTS", `another key store already uses xks_proxy_uri_path ${ks.xksProxyUriPath}`, "aws_param.xks_proxy_uri_path");
    }
    throw new StoreError("ALREADY_EXISTS", `a key store named "${ks.name}" already exists`, "name");
  }
  throw e;
}

export class KeyStoreRepo {
  constructor(private readonly sql: SqlEngine) {}

  async find(id: string): Promise<KeyStore | undefined> {
    const r = await this.sql.get<Row>(`SELECT ${SELECT} FROM ${FROM} WHERE ks.id = ?`, [id]);
    return r && toKeyStore(r);
  }

  async get(id: string): Promise<KeyStore> {
    const ks = await this.find(id);
    if (!ks) throw notFound("key store", id);
    return ks;
  }

  async findByUriPath(uriPath: string): Promise<KeyStore | undefined> {
    const r = await this.sql.get<Row>(`SELECT ${SELECT} FROM ${FROM} WHERE ks.xks_proxy_uri_path = ?`, [uriPath]);
    return r && toKeyStore(r);
  }

  async all(): Promise<KeyStore[]> {
    return (await this.sql.all<Row>(`SELECT ${SELECT} FROM ${FROM} ORDER BY ks.created_at, ks.id`)).map(toKeyStore);
  }

  create(ks: NewKeyStore): Promise<KeyStore> {
    return this.sql.transaction(async () => {
      assertAccount(ks.kms);
      const now = nowIso();
      try {
        await this.sql.run(
          `INSERT INTO key_stores (id, name, kms, region, linked_state, source_key_tier, partition, blocked,
             health_check_key_id, max_credentials, mtls_enabled, enable_success_audit_event, rate_limit_rps,
             rate_limit_burst, xks_proxy_connectivity, xks_proxy_uri_endpoint, xks_proxy_uri_path,
             xks_proxy_vpc_endpoint_service_name, custom_key_store_type, authorization_rules, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            ks.id, ks.name, ks.kms, ks.region, int(ks.linkedState), ks.sourceKeyTier, ks.partition, int(ks.blocked),
            ks.healthCheckKeyId, ks.maxCredentials, int(ks.mtlsEnabled), int(ks.enableSuccessAuditEvent),
            ks.rateLimit.requestsPerSecond, ks.rateLimit.burst, ks.xksProxyConnectivity, ks.xksProxyUriEndpoint,
            ks.xksProxyUriPath, ks.xksProxyVpcEndpointServiceName, ks.customKeyStoreType, JSON.stringify(ks.authorizationRules ?? []), now, now,
          ],
        );
      } catch (e) {
        duplicate(e, ks);
      }
      return this.get(ks.id);
    });
  }

  update(id: string, patch: KeyStorePatch): Promise<KeyStore> {
    return this.sql.transaction(async () => {
      const cur = await this.get(id);
      const next = { ...cur, ...patch };
      assertAccount(next.kms);
      if (next.maxCredentials < cur.credentialCount) {
        throw new StoreError(
          "FAILED_PRECONDITION",
          `key store ${id} has ${cur.credentialCount} credentials; delete some before lowering max_credentials to ${next.maxCredentials}`,
          "local_hosted_params.max_credentials",
        );
      }
      try {
        await this.sql.run(
          `UPDATE key_stores SET name = ?, kms = ?, region = ?, blocked = ?, health_check_key_id = ?, max_credentials = ?, mtls_enabled = ?,
             enable_success_audit_event = ?, rate_limit_rps = ?, rate_limit_burst = ?, xks_proxy_connectivity = ?,
             xks_proxy_uri_endpoint = ?, xks_proxy_uri_path = ?, xks_proxy_vpc_endpoint_service_name = ?, authorization_rules = ?,
             updated_at = ?
           WHERE id = ?`,
          [
            next.name, next.kms, next.region, int(next.blocked), next.healthCheckKeyId, next.maxCredentials, int(next.mtlsEnabled),
            int(next.enableSuccessAuditEvent), next.rateLimit.requestsPerSecond, next.rateLimit.burst,
            next.xksProxyConnectivity, next.xksProxyUriEndpoint, next.xksProxyUriPath,
            next.xksProxyVpcEndpointServiceName, JSON.stringify(next.authorizationRules), nowIso(), id,
          ],
        );
      } catch (e) {
        duplicate(e, next);
      }
      return this.get(id);
    });
  }

  /**
   * Records what AWS KMS says about the store: the link (AWS id, connection, endpoint) and the
   * connection state with its error code. Only the admin plane's AWS calls write these.
   */
  setAws(id: string, patch: AwsSide): Promise<KeyStore> {
    return this.sql.transaction(async () => {
      const cur = await this.get(id);
      const next = { ...cur, ...patch };
      await this.sql.run(
        `UPDATE key_stores SET kms_connection_id = ?, aws_custom_key_store_id = ?, linked_state = ?, connection_state = ?,
           connection_error_code = ?, xks_proxy_uri_endpoint = ?, aws_credential_id = ?, aws_pending_credential_id = ?, updated_at = ? WHERE id = ?`,
        [
          next.kmsConnectionId, next.awsCustomKeyStoreId, int(next.linkedState), next.connectionState, next.connectionErrorCode,
          next.xksProxyUriEndpoint, next.awsCredentialId, next.awsPendingCredentialId, nowIso(), id,
        ],
      );
      return this.get(id);
    });
  }

  /** Refused while HYOK keys belong to the store: AWS KMS keys would lose their key material. */
  delete(id: string): Promise<void> {
    return this.sql.transaction(async () => {
      await this.get(id);
      const n = (await this.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM hyok_keys WHERE key_store_id = ?`, [id]))!.n;
      if (n > 0) {
        throw new StoreError("FAILED_PRECONDITION", `key store ${id} still has ${n} HYOK key(s); delete them first`);
      }
      await this.sql.run(`DELETE FROM key_stores WHERE id = ?`, [id]);
    });
  }

  /** Next credential version for the store (counts up, never reused). */
  bumpCredentialVersion(id: string): Promise<number> {
    return this.sql.transaction(async () => {
      await this.sql.run(`UPDATE key_stores SET credential_version = credential_version + 1, updated_at = ? WHERE id = ?`, [nowIso(), id]);
      return (await this.get(id)).credentialVersion;
    });
  }

  async list(f: KeyStoreFilter, p: ListParams): Promise<Page<KeyStore>> {
    return listPage<Row, KeyStore>(
      this.sql,
      {
        from: FROM,
        select: SELECT,
        sortable: {
          id: "ks.id",
          name: "ks.name",
          kms: "ks.kms",
          region: "ks.region",
          blocked: "ks.blocked",
          linked_state: "ks.linked_state",
          connection_state: "ks.connection_state",
          source_key_tier: "ks.source_key_tier",
          xks_proxy_uri_path: "ks.xks_proxy_uri_path",
          createdAt: "ks.created_at",
          updatedAt: "ks.updated_at",
        },
        filters: [
          ["ks.id = ?", f.id],
          ["ks.name = ?", f.name],
          ["ks.kms = ?", f.kms],
          ["ks.region = ?", f.region],
          // every store this proxy holds is locally hosted: CCKM calls that type "LOCAL"
          ["'LOCAL' = ?", f.type],
          ["ks.blocked = ?", f.blocked],
          ["ks.linked_state = ?", f.linkedState],
          ["ks.xks_proxy_connectivity = ?", f.xksProxyConnectivity],
          ["ks.connection_state = ?", f.connectionState],
          ["ks.source_key_tier = ?", f.sourceKeyTier],
          ["ks.custom_key_store_type = ?", f.customKeyStoreType],
        ],
        tieBreaker: "ks.id",
        defaultSort: "createdAt",
      },
      p,
      toKeyStore,
    );
  }
}
