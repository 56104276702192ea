/**
 * The data plane's side of incremental key views, over real HTTP: a thread that missed a delta, or
 * could not apply one, gets the whole view from the main thread and serves the current state
 * (never a half-applied one), and keeps running.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildConfig } from "../src/config/config.js";
import { createSealer } from "../src/crypto/local/sealer.js";
import { ChangeFollower, type ViewChange } from "../src/keys/follower.js";
import { emptySnapshot, noRemovals, type KeyDelta } from "../src/keys/records.js";
import { KeyViewHolder } from "../src/keys/view.js";
import { readChanges, readSnapshotAt, type Store } from "../src/store/index.js";
import { startDataPlane, type DataPlane } from "../src/xks/plane.js";
import { meta } from "./helpers/dataplane-suite.js";
import { STORE_ENGINES, storeTarget, useStoreEngines, type StoreTarget } from "./helpers/store-engines.js";
import { signedPost, type Credential } from "./helpers/sign.js";

useStoreEngines();

describe.each(STORE_ENGINES)("data-plane threads and deltas, %s store", (engine) => {
  let target: StoreTarget;
  let store: Store;
  let plane: DataPlane;
  let keys: KeyViewHolder;
  let follower: ChangeFollower;
  /** how each change reaches the threads; a test may replace it */
  let deliver: (c: ViewChange) => Promise<void>;
  const sealer = createSealer(randomBytes(32));
  const cred: Credential = { accessKeyId: "AKIAPLANETEST0000001", secretAccessKey: "plane-test-secret-0001" };
  let path = "";
  let hyokId = "";
  let storeId = "";
  const errors: string[] = [];
  const normal = (c: ViewChange) => ("snapshot" in c ? plane.publish(c.snapshot, c.generation) : plane.publishDelta(c.delta, c.from, c.generation, () => keys.current.byId.keys()));

  const encrypt = () =>
    signedPost(plane.port, `${path}/keys/${hyokId}/encrypt`, { requestMetadata: meta("Encrypt"), plaintext: randomBytes(16).toString("base64"), encryptionAlgorithm: "AES_GCM" }, cred);
  /** several requests, on new connections: SO_REUSEPORT spreads them over both threads */
  const outcomes = async () => new Set((await Promise.all(Array.from({ length: 8 }, encrypt))).map((r) => `${r.status} ${r.json.errorName ?? ""}`.trim()));

  beforeAll(async () => {
    target = await storeTarget(engine);
    store = await target.open();
    const id = (storeId = crypto.randomUUID());
    path = `/keystores/${id}/kms/xks/v1`;
    await store.transaction(async () => {
      await store.keyStores.create({
        id, name: "plane", kms: "111122223333", region: "us-east-1", linkedState: false, customKeyStoreType: "EXTERNAL_KEY_STORE",
        sourceKeyTier: "local", partition: null, blocked: false, healthCheckKeyId: null, maxCredentials: 3, mtlsEnabled: false,
        enableSuccessAuditEvent: false, rateLimit: { requestsPerSecond: 0, burst: 0 }, xksProxyConnectivity: "PUBLIC_ENDPOINT",
        xksProxyUriEndpoint: "", xksProxyUriPath: path, xksProxyVpcEndpointServiceName: "",
      });
      await store.credentials.create(id, cred.accessKeyId, cred.secretAccessKey, sealer);
      const sk = await store.sourceKeys.create(
        { name: "k", tier: "local", partition: null, label: null, ckaId: "", keySpec: "AES_256", encrypt: true, decrypt: true, origin: "generated", material: randomBytes(32) },
        sealer,
      );
      const vk = await store.virtualKeys.create(sk.id);
      hyokId = (await store.hyokKeys.create({ keyStoreId: id, virtualKeyId: vk.id, blocked: false, awsParam: {}, policy: {} })).id;
    });
    keys = new KeyViewHolder();
    const at = await readSnapshotAt(store, sealer);
    keys.load(at.snapshot);
    const { threads: _threads, ...xks } = buildConfig({ xks: { port: 0, host: "127.0.0.1" } }, {}).xks;
    plane = await startDataPlane({
      threads: 2,
      settings: { ...xks, vendor: "test", model: "test", ekmVendor: { local: "test", "luna-hsm": "test" } },
      current: () => ({ snapshot: keys.snapshot(), generation: keys.current.generation }),
      partition: () => undefined,
      health: async () => [],
      observer: { done() {} },
      ready: true,
      onThreadError: (_i, e) => errors.push(e.message),
    });
    deliver = normal;
    follower = new ChangeFollower(keys, { read: (after) => readChanges(store, sealer, after) }, (c) => deliver(c), at.seq);
    expect(await outcomes()).toEqual(new Set(["200"]));
  });
  afterAll(async () => {
    await plane?.close(0);
    await store?.close();
    await target?.dispose();
  });

  it("a thread that missed a delta asks for the whole view at the next one and serves both changes", async () => {
    const normal = deliver;
    // the block reaches the main thread's view, but its delta is lost on the way to the threads
    await store.hyokKeys.setBlocked(hyokId, true);
    deliver = async () => undefined;
    await follower.catchUp();
    expect(await outcomes()).toEqual(new Set(["200"]));
    // the next delta does not follow the threads' generation: applied alone it would leave the key unblocked
    deliver = normal;
    await store.keyStores.update(storeId, { region: "us-east-1" });
    await follower.catchUp();
    expect(await outcomes()).toEqual(new Set(["400 InvalidStateException"]));
  });

  it("a thread that cannot apply a delta serves nothing half-applied, gets the whole view, and keeps running", async () => {
    await store.hyokKeys.setBlocked(hyokId, false);
    const broken: KeyDelta = { put: { ...emptySnapshot(), credentials: [null as never] }, remove: noRemovals() };
    deliver = (c) => ("delta" in c ? plane.publishDelta(broken, c.from, c.generation, () => keys.current.byId.keys()) : plane.publish(c.snapshot, c.generation));
    await follower.catchUp();
    expect(await outcomes()).toEqual(new Set(["200"]));
    expect(errors).toEqual([]);
    // and the next ordinary delta chains on the resynced view
    deliver = normal;
    await store.credentials.delete(storeId, (await store.credentials.list(storeId, {}, {})).resources[0]!.id);
    await follower.catchUp();
    expect(await outcomes()).toEqual(new Set(["401 AuthenticationFailedException"]));
  });
});
