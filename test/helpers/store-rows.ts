/** Rows made straight through the repositories, for store-level tests (no admin API in between). */
import { randomBytes } from "node:crypto";
import type { Sealer } from "../../src/crypto/local/sealer.js";
import type { Store } from "../../src/store/index.js";

type KeyStoreInput = Parameters<Store["keyStores"]["create"]>[0];

/** A local-tier key store with the defaults the admin API would give it; `over` changes any field. */
export function newKeyStore(s: Store, name: string, over: Partial<KeyStoreInput> = {}) {
  const id = crypto.randomUUID();
  return s.keyStores.create({
    id,
    name,
    kms: "111122223333",
    region: "us-east-1",
    linkedState: false,
    customKeyStoreType: "EXTERNAL_KEY_STORE",
    sourceKeyTier: "local",
    partition: null,
    blocked: false,
    healthCheckKeyId: null,
    maxCredentials: 4,
    mtlsEnabled: false,
    enableSuccessAuditEvent: false,
    rateLimit: { requestsPerSecond: 1800, burst: 3600 },
    xksProxyConnectivity: "PUBLIC_ENDPOINT",
    xksProxyUriEndpoint: "",
    xksProxyUriPath: `/keystores/${id}/kms/xks/v1`,
    xksProxyVpcEndpointServiceName: "",
    ...over,
  });
}

/** A local AES-256 source key with both usages, sealed by `sealer`. */
export const localKey = (s: Store, sealer: Sealer) =>
  s.sourceKeys.create(
    { name: "k", tier: "local", partition: null, label: null, ckaId: "", keySpec: "AES_256", encrypt: true, decrypt: true, origin: "generated", material: randomBytes(32) },
    sealer,
  );
