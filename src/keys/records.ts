/**
 * Plain records the persistent store hands to the run-time key view (secrets already unsealed).
 * This is the only shape shared between store/ and keys/: neither imports the other's code.
 */
export type KeyTier = "local" | "luna-hsm";

export interface RateLimit {
  /** sustained requests per second; 0 = unlimited */
  rps: number;
  burst: number;
}

/**
 * One authorization rule of a key store, on the XKS requestMetadata (see keys/authorization.ts for
 * the semantics). A condition left out matches any request; a rule sets at least one.
 */
export interface AuthorizationRule {
  /** awsPrincipalArn: exact, or a prefix when it ends in "*" */
  principal?: string;
  /** kmsOperation names, exact */
  operations?: string[];
  /** kmsViaService values, exact (a request without kmsViaService does not match) */
  viaServices?: string[];
}

export interface KeyStoreRecord {
  id: string;
  name: string;
  /** full XksProxyUriPath, e.g. "/keystores/<id>/kms/xks/v1" */
  uriPath: string;
  region: string;
  /**
   * The seed's `kms` field: the 12-digit AWS account that owns the KMS keys of this store;
   * requests whose kmsKeyArn names another account are refused (AccessDeniedException), a
   * confused-deputy guard that cannot be switched off.
   */
  kmsAccount: string;
  tier: KeyTier;
  /** PKCS#11 token label for luna-hsm stores, null for local */
  partition: string | null;
  blocked: boolean;
  healthCheckKeyId: string | null;
  rateLimit: RateLimit;
  enableSuccessAuditEvent: boolean;
  /** none: every authenticated request is allowed; else one rule must allow it */
  authorizationRules: AuthorizationRule[];
  /** requests must come over mutual TLS with AWS KMS's client certificate for `region` */
  mtlsEnabled: boolean;
}

export interface CredentialRecord {
  id: string;
  keyStoreId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SourceKeyRecord {
  id: string;
  tier: KeyTier;
  /** token label (luna-hsm) */
  partition: string | null;
  /** CKA_LABEL in the token (luna-hsm) */
  label: string | null;
  keySpec: string;
  encrypt: boolean;
  decrypt: boolean;
  enabled: boolean;
  /** unsealed 32-byte key (local tier only) */
  material: Buffer | null;
}

export interface VirtualKeyRecord {
  id: string;
  /** ascending by version; version numbers start at 1 */
  versions: { version: number; sourceKeyId: string }[];
}

export interface HyokKeyRecord {
  /** the externalKeyId AWS KMS sends */
  id: string;
  keyStoreId: string;
  virtualKeyId: string;
  blocked: boolean;
}

export interface Snapshot {
  keyStores: KeyStoreRecord[];
  credentials: CredentialRecord[];
  sourceKeys: SourceKeyRecord[];
  virtualKeys: VirtualKeyRecord[];
  hyokKeys: HyokKeyRecord[];
}

/** Ids of removed entities, per kind. */
export type Removals = { [K in keyof Snapshot]: string[] };

/**
 * A change to the key model: the current state of every changed entity (`put`) and the ids of
 * those that no longer exist (`remove`). It carries states, not operations, so applying it is
 * idempotent and the order of entities within it does not matter. A Snapshot is a delta that puts
 * everything onto an empty model.
 */
export interface KeyDelta {
  put: Snapshot;
  remove: Removals;
}

export const emptySnapshot = (): Snapshot => ({ keyStores: [], credentials: [], sourceKeys: [], virtualKeys: [], hyokKeys: [] });
export const noRemovals = (): Removals => ({ keyStores: [], credentials: [], sourceKeys: [], virtualKeys: [], hyokKeys: [] });

/**
 * What a reader of the change log gets next: the changes after its seq as a delta, or everything
 * (it fell behind the pruned part of the log, or has never loaded).
 */
export type ChangeRead = { seq: number; delta: KeyDelta } | { seq: number; full: true; snapshot: Snapshot };
