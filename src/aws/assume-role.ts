import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";

/** A credential provider as the SDK clients take it. */
export type CredentialProvider = ReturnType<typeof fromTemporaryCredentials>;
type Credentials = Awaited<ReturnType<CredentialProvider>>;

/** What assuming a connection's role needs (store/kmsConnections.ts). */
export interface AssumeRoleSpec {
  /** the connection's id: names the role session (CloudTrail shows it) and keys the cache */
  connectionId: string;
  /** changes whenever the connection does, so an edited connection gets a fresh provider */
  version: string;
  roleArn: string;
  /** "" = none */
  externalId: string;
  /** STS's region: the one the call goes to */
  region: string;
  /** "" = STS's regional endpoint; otherwise STS is called there (VPC endpoint, emulator) */
  endpoint: string;
  /** the static key that assumes the role; absent = the SDK's default credential chain of the host */
  source?: { accessKeyId: string; secretAccessKey: string };
}

/** Temporary credentials are renewed this long before they expire. */
const REFRESH_BEFORE_MS = 5 * 60 * 1000;

/**
 * Holds the last temporary credentials until shortly before they expire. Admin calls build a KMS
 * client per call, so the client's own memoization would ask STS every time; this one outlives
 * them. Concurrent callers share one AssumeRole; a failure is not remembered.
 */
function memoized(provider: CredentialProvider): CredentialProvider {
  let held: Credentials | undefined;
  let pending: Promise<Credentials> | undefined;
  return () => {
    if (held && (held.expiration === undefined || held.expiration.getTime() - Date.now() > REFRESH_BEFORE_MS)) return Promise.resolve(held);
    pending ??= provider()
      .then((c) => (held = c))
      .finally(() => (pending = undefined));
    return pending;
  };
}

/** One provider per connection, version and region; an edited connection replaces its old ones. */
const providers = new Map<string, { version: string; byRegion: Map<string, CredentialProvider> }>();

/**
 * Credentials of the connection's role, through STS AssumeRole (with the external id its trust
 * policy requires), renewed before they expire. The source key, when the connection has one, stays
 * in the provider to renew them.
 */
export function assumeRoleCredentials(spec: AssumeRoleSpec): CredentialProvider {
  let entry = providers.get(spec.connectionId);
  if (!entry || entry.version !== spec.version) {
    entry = { version: spec.version, byRegion: new Map() };
    providers.set(spec.connectionId, entry);
  }
  let provider = entry.byRegion.get(spec.region);
  if (!provider) {
    provider = memoized(
      fromTemporaryCredentials({
        params: {
          RoleArn: spec.roleArn,
          RoleSessionName: `xks-proxy-${spec.connectionId}`.slice(0, 64),
          ...(spec.externalId ? { ExternalId: spec.externalId } : {}),
        },
        ...(spec.source ? { masterCredentials: spec.source } : {}),
        clientConfig: { region: spec.region, maxAttempts: 3, ...(spec.endpoint ? { endpoint: spec.endpoint } : {}) },
      }),
    );
    entry.byRegion.set(spec.region, provider);
  }
  return provider;
}
