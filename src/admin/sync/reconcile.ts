import type { AwsKeyView, AwsStoreView } from "../../aws/inventory.js";
import type { HyokKey, KeyStore, Store } from "../../store/index.js";

/** A change a job made, and the AWS request whose answer it follows ("" when AWS's answer was a key's absence). */
export interface Reconciled {
  change: string;
  kmsRequestId: string;
}

/**
 * Brings one linked key store in line with what AWS KMS says about its custom key store; answers
 * what changed (undefined = nothing). A store whose AWS custom key store is gone is unlinked: its AWS id
 * and the credential AWS held are cleared; it keeps naming its connection, so it can be linked again.
 */
export async function reconcileStore(store: Store, ks: KeyStore, aws: AwsStoreView | undefined, listRequestId: string): Promise<Reconciled | undefined> {
  if (!aws) {
    await store.keyStores.setAws(ks.id, { linkedState: false, awsCustomKeyStoreId: "", connectionState: "DISCONNECTED", connectionErrorCode: "", awsCredentialId: "", awsPendingCredentialId: "" });
    return { change: `key store ${ks.id} (${ks.name}): AWS custom key store ${ks.awsCustomKeyStoreId} no longer exists: unlinked (linked_state false, custom_key_store_id cleared)`, kmsRequestId: listRequestId };
  }
  const diffs: string[] = [];
  if (aws.connectionState !== ks.connectionState) diffs.push(`connection_state ${ks.connectionState} → ${aws.connectionState}`);
  if (aws.connectionErrorCode !== ks.connectionErrorCode) diffs.push(`connection_error_code "${ks.connectionErrorCode}" → "${aws.connectionErrorCode}"`);
  if (aws.uriEndpoint && aws.uriEndpoint !== ks.xksProxyUriEndpoint) diffs.push(`xks_proxy_uri_endpoint ${ks.xksProxyUriEndpoint} → ${aws.uriEndpoint}`);
  if (!diffs.length) return undefined;
  await store.keyStores.setAws(ks.id, {
    connectionState: aws.connectionState,
    connectionErrorCode: aws.connectionErrorCode,
    ...(aws.uriEndpoint ? { xksProxyUriEndpoint: aws.uriEndpoint } : {}),
  });
  return { change: `key store ${ks.id} (${ks.name}): ${diffs.join(", ")}`, kmsRequestId: aws.requestId };
}

/** What AWS says about the keys of the stores being synchronized. */
export interface AwsKeys {
  /** by KeyId */
  byId: Map<string, AwsKeyView>;
  /** by "<custom key store id>/<external key id>", keys not pending deletion only */
  byExternalKey: Map<string, AwsKeyView>;
  /** keys AWS listed but whose DescribeKey failed (their error is recorded): nothing is concluded about them */
  unknown: Set<string>;
}

const awsFields = (m: AwsKeyView): Record<string, string | boolean | null> => ({ Arn: m.arn, KeyID: m.keyId, KeyState: m.keyState, Enabled: m.enabled, DeletionDate: m.deletionDate || null, AWSAccountId: m.accountId });

/**
 * Brings one HYOK key of a linked store in line with AWS KMS: a linked key takes its AWS key's
 * state (KeyState, Enabled, DeletionDate, Arn), or is unlinked when AWS no longer has the key; an
 * unlinked key that AWS holds (a link whose CreateKey was never recorded, a key made in AWS
 * directly) is linked with it. Answers what changed (undefined = nothing).
 */
export async function reconcileHyokKey(store: Store, hk: HyokKey, ks: KeyStore, aws: AwsKeys, listRequestId: string): Promise<Reconciled | undefined> {
  const a = hk.awsParam;
  if (hk.linkedState) {
    const keyId = typeof a["KeyID"] === "string" ? a["KeyID"] : "";
    if (aws.unknown.has(keyId)) return undefined;
    const m = aws.byId.get(keyId);
    if (!m) {
      await store.hyokKeys.setAwsState(hk.id, false, { KeyState: "Deleted", Enabled: false, DeletionDate: null });
      return { change: `HYOK key ${hk.id}: AWS KMS key ${String(a["Arn"] ?? keyId)} no longer exists: unlinked (KeyState Deleted)`, kmsRequestId: listRequestId };
    }
    const next = awsFields(m);
    const diffs = Object.entries(next)
      .filter(([k, v]) => (a[k] ?? null) !== v)
      .map(([k, v]) => `${k} ${JSON.stringify(a[k] ?? null)} → ${JSON.stringify(v)}`);
    if (!diffs.length) return undefined;
    await store.hyokKeys.setAwsState(hk.id, true, next);
    return { change: `HYOK key ${hk.id}: ${diffs.join(", ")}`, kmsRequestId: m.requestId };
  }
  const m = aws.byExternalKey.get(`${ks.awsCustomKeyStoreId}/${hk.id}`);
  if (!m) return undefined;
  await store.hyokKeys.setAwsState(hk.id, true, awsFields(m));
  return { change: `HYOK key ${hk.id}: linked with AWS KMS key ${m.arn}, which AWS holds for it`, kmsRequestId: m.requestId };
}
