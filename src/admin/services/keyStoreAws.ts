import { AwsKmsError } from "../../aws/errors.js";
import { connectStore, createXksStore, deleteStore, disconnectStore, findStoreByName, updateStore, waitSettled, type XksStoreChange } from "../../aws/keyStores.js";
import type { KeyStore, KeyStorePatch, KmsConnection } from "../../store/index.js";
import { assertServes, linkedConnection, withKms } from "../aws-link.js";
import type { AdminDeps } from "../deps.js";
import { AdminError, exists, invalid, precondition } from "../errors.js";
import { keyStoreMsg } from "../mappers.js";
import type { ConnectKeyStoreRequest, IdRequest, KeyStoreMsg, LinkKeyStoreRequest } from "../messages.js";
import type { CallContext } from "../rpc.js";
import * as v from "../validate.js";

/** How long Connect waits for AWS to settle by default, and how long Disconnect waits. */
const CONNECT_WAIT_S = 20;
const DISCONNECT_WAIT_MS = 10_000;

const audited = (id: string, kmsRequestId: string) => () => ({ targetId: id, keyStoreId: id, kmsRequestId });

/**
 * The connection a link goes through: the store's own when it names one (a `kms` given as well must
 * be that one), otherwise the `kms` given.
 */
async function linkConnection(deps: AdminDeps, ks: KeyStore, kms: string): Promise<KmsConnection> {
  const given = kms ? await deps.store.kmsConnections.resolve(kms) : undefined;
  if (!ks.kmsConnectionId) {
    if (!given) throw invalid("kms", `is required: key store ${ks.id} names no AWS connection (give one by name or id, or set the store's kms to one)`);
    return given;
  }
  if (given && given.id !== ks.kmsConnectionId) {
    const own = await deps.store.kmsConnections.get(ks.kmsConnectionId);
    throw invalid("kms", `names connection ${given.name} (${given.id}), but key store ${ks.id} names connection ${own.name} (${own.id}); leave kms out, or change the store's kms first`);
  }
  return given ?? deps.store.kmsConnections.get(ks.kmsConnectionId);
}

/**
 * `keystore create --linked-state`: the store was just created (and committed); the data plane
 * must serve it before AWS checks it with GetHealthStatus, then it is linked as `keystore link`
 * links. A failed link leaves the store created and unlinked: the error says so, and how to finish.
 * The first credential's secret was answered only by the create, which did not answer: the user
 * creates a fresh credential (the link gives AWS the newest one) before linking again.
 */
export async function createLinked(deps: AdminDeps, created: KeyStoreMsg, c: CallContext): Promise<KeyStoreMsg> {
  await deps.onChange();
  try {
    const linked = await link(deps, { id: created.id, kms: "", xks_proxy_uri_endpoint: created.aws_param!.xks_proxy_uri_endpoint, xks_proxy_vpc_endpoint_service_name: "", custom_key_store_name: "" }, c);
    // the create's one-time answers (the first credential's secret) stay
    return { ...linked, access_key_id: created.access_key_id, secret_access_key: created.secret_access_key, proxy_configuration: created.proxy_configuration };
  } catch (e) {
    const note = `key store ${created.id} was created but not linked; run "credential create --custom-key-store-id ${created.id}" (the first credential's secret was not answered), then "keystore link --id ${created.id}"`;
    if (e instanceof AwsKmsError) throw new AwsKmsError(e.awsName, `${e.message} [${note}]`, e.requestId, e.fromService, e.service);
    if (e instanceof AdminError) throw new AdminError(e.code, `${e.message} [${note}]`);
    throw e;
  }
}

/**
 * Creates the store's AWS custom key store (AWS first checks the proxy with GetHealthStatus), then
 * records the AWS id. A retry after a link that reached AWS but was never recorded adopts the AWS
 * store of the same name when it points at this store's URI.
 */
export async function link(deps: AdminDeps, req: LinkKeyStoreRequest, c: CallContext): Promise<KeyStoreMsg> {
  const id = v.required(req.id, "id");
  const ks = await deps.store.keyStores.get(id);
  if (ks.linkedState && ks.awsCustomKeyStoreId) throw exists(`key store ${id} is already linked as AWS custom key store ${ks.awsCustomKeyStoreId}`);
  const conn = await linkConnection(deps, ks, req.kms);
  assertServes(conn, ks);
  const uriEndpoint = v.awsEndpoint(v.required(req.xks_proxy_uri_endpoint, "xks_proxy_uri_endpoint"), "xks_proxy_uri_endpoint");
  const vpcName = v.vpcEndpointServiceName(req.xks_proxy_vpc_endpoint_service_name, "xks_proxy_vpc_endpoint_service_name") || ks.xksProxyVpcEndpointServiceName;
  const connectivity = req.xks_proxy_vpc_endpoint_service_name ? "VPC_ENDPOINT_SERVICE" : ks.xksProxyConnectivity;
  if (connectivity === "VPC_ENDPOINT_SERVICE" && !vpcName) throw invalid("xks_proxy_vpc_endpoint_service_name", "is required: the key store's connectivity is VPC_ENDPOINT_SERVICE");
  const name = req.custom_key_store_name ? v.name(req.custom_key_store_name, "custom_key_store_name") : ks.name;
  const credential = await deps.store.credentials.newestUnsealed(id, deps.sealer);
  if (!credential) throw precondition(`key store ${id} has no credential to give AWS KMS; create one first`);

  const created = await withKms(deps, conn, ks.region, async (client) => {
    try {
      return await createXksStore(client, {
        name,
        uriEndpoint,
        uriPath: ks.xksProxyUriPath,
        connectivity,
        vpcEndpointServiceName: connectivity === "VPC_ENDPOINT_SERVICE" ? vpcName : "",
        credential: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey },
      });
    } catch (e) {
      if (e instanceof AwsKmsError && e.awsName === "CustomKeyStoreNameInUseException") {
        const found = await findStoreByName(client, name);
        if (found && found.uriPath === ks.xksProxyUriPath && found.uriEndpoint === uriEndpoint) return found;
      }
      throw e;
    }
  });
  const linked = await c.commit(
    () =>
      deps.store.keyStores.setAws(id, {
        kmsConnectionId: conn.id,
        awsCustomKeyStoreId: created.customKeyStoreId,
        linkedState: true,
        connectionState: "DISCONNECTED",
        connectionErrorCode: "",
        xksProxyUriEndpoint: uriEndpoint,
        awsCredentialId: credential.id,
        awsPendingCredentialId: "",
      }),
    audited(id, created.requestId),
  );
  return keyStoreMsg(linked);
}

/**
 * Asks AWS to connect the store and polls until AWS settles it; records what AWS says (CONNECTED,
 * or FAILED with its ConnectionErrorCode). A store still CONNECTING after the wait is recorded so.
 */
export async function connect(deps: AdminDeps, req: ConnectKeyStoreRequest, c: CallContext): Promise<KeyStoreMsg> {
  const id = v.required(req.id, "id");
  const waitS = req.wait_seconds === 0 ? CONNECT_WAIT_S : v.intInRange(req.wait_seconds, "wait_seconds", 0, 600);
  const ks = await deps.store.keyStores.get(id);
  const conn = await linkedConnection(deps, ks);
  const r = await withKms(deps, conn, ks.region, async (client) => {
    const requestId = await connectStore(client, ks.awsCustomKeyStoreId);
    return { requestId, state: await waitSettled(client, ks.awsCustomKeyStoreId, waitS * 1000) };
  });
  const saved = await c.commit(
    () => deps.store.keyStores.setAws(id, { connectionState: r.state.connectionState, connectionErrorCode: r.state.connectionErrorCode }),
    audited(id, r.requestId),
  );
  return keyStoreMsg(saved);
}

export async function disconnect(deps: AdminDeps, req: IdRequest, c: CallContext): Promise<KeyStoreMsg> {
  const id = v.required(req.id, "id");
  const ks = await deps.store.keyStores.get(id);
  const conn = await linkedConnection(deps, ks);
  const r = await withKms(deps, conn, ks.region, async (client) => {
    const requestId = await disconnectStore(client, ks.awsCustomKeyStoreId);
    return { requestId, state: await waitSettled(client, ks.awsCustomKeyStoreId, DISCONNECT_WAIT_MS) };
  });
  const saved = await c.commit(
    () => deps.store.keyStores.setAws(id, { connectionState: r.state.connectionState, connectionErrorCode: r.state.connectionErrorCode }),
    audited(id, r.requestId),
  );
  return keyStoreMsg(saved);
}

/**
 * Deleting a linked store deletes its AWS custom key store first (AWS refuses while it is connected
 * or holds KMS keys, and says so). An AWS store already gone counts as deleted, so a delete
 * interrupted after AWS's part completes on the next attempt. Answers AWS's request id, if any.
 */
export async function deleteAwsSide(deps: AdminDeps, id: string): Promise<string> {
  const ks = await deps.store.keyStores.get(id);
  if (!ks.linkedState || !ks.awsCustomKeyStoreId) return "";
  const hyok = await deps.store.hyokKeys.list({ keyStoreId: id }, { limit: 1 });
  if (hyok.total > 0) throw precondition(`key store ${id} still has ${hyok.total} HYOK key(s); delete them first`);
  const conn = await linkedConnection(deps, ks);
  return withKms(deps, conn, ks.region, async (client) => {
    try {
      return await deleteStore(client, ks.awsCustomKeyStoreId);
    } catch (e) {
      if (e instanceof AwsKmsError && e.awsName === "CustomKeyStoreNotFoundException") return e.requestId;
      throw e;
    }
  });
}

/**
 * Pushes the AWS-side fields an update changes to a linked store's AWS custom key store before
 * they are saved here (AWS allows the endpoint, connectivity and VPC endpoint service to change
 * only while disconnected, and says so). Answers AWS's request id; "" when nothing went to AWS.
 */
export async function pushAwsUpdate(deps: AdminDeps, cur: KeyStore, patch: KeyStorePatch): Promise<string> {
  if (!cur.linkedState || !cur.awsCustomKeyStoreId) return "";
  const change: XksStoreChange = {};
  if (patch.xksProxyUriEndpoint !== undefined && patch.xksProxyUriEndpoint !== cur.xksProxyUriEndpoint) change.uriEndpoint = patch.xksProxyUriEndpoint;
  if (patch.xksProxyUriPath !== undefined && patch.xksProxyUriPath !== cur.xksProxyUriPath) change.uriPath = patch.xksProxyUriPath;
  if (patch.xksProxyConnectivity !== undefined && patch.xksProxyConnectivity !== cur.xksProxyConnectivity) change.connectivity = patch.xksProxyConnectivity;
  if (patch.xksProxyVpcEndpointServiceName !== undefined && patch.xksProxyVpcEndpointServiceName !== cur.xksProxyVpcEndpointServiceName) {
    change.vpcEndpointServiceName = patch.xksProxyVpcEndpointServiceName;
  }
  if (Object.keys(change).length === 0) return "";
  if (change.uriEndpoint === "") throw invalid("aws_param.xks_proxy_uri_endpoint", "a linked store needs an endpoint for AWS KMS");
  const conn = await linkedConnection(deps, cur);
  return withKms(deps, conn, cur.region, (client) => updateStore(client, cur.awsCustomKeyStoreId, change));
}
