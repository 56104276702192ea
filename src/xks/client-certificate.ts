import { XksError } from "../errors.js";
import type { KeyStoreView, KeyViewHolder } from "../keys/view.js";
import type { XksOperation } from "./route.js";
import type { PeerCertificate } from "./transport/seam.js";

/**
 * A request to a key store with mtls_enabled that did not come over a connection whose verified
 * client certificate is AWS KMS's for the store's region (CN=cks.kms.<region>.amazonaws.com).
 *
 * Which error: the spec's table has AccessDeniedException (403) for "the operation is not
 * authorized based on request metadata", on ALL APIs except GetHealthStatus: the caller may well
 * hold a valid SigV4 credential, but it is not the principal this store admits, which KMS reports
 * as "The external key store proxy denied access to the operation". GetHealthStatus may not answer
 * AccessDeniedException; there the refusal is AuthenticationFailedException (401, ALL APIs): the
 * caller failed to authenticate as AWS KMS. `reason` is for the log (the spec asks for enough
 * detail to fix a denial); it names the expected and presented subjects, nothing secret.
 */
export class ClientCertificateRefused extends XksError {
  constructor(
    operation: XksOperation,
    readonly reason: string,
  ) {
    super(
      operation === "GetHealthStatus" ? "AuthenticationFailedException" : "AccessDeniedException",
      "This external key store accepts requests only over mutual TLS with the AWS KMS client certificate of its region",
    );
  }
}

/** Undefined when the store does not need mutual TLS or the connection's certificate is the one it needs. */
export function refuseClientCertificate(store: KeyStoreView, peer: PeerCertificate | undefined, operation: XksOperation): ClientCertificateRefused | undefined {
  const expected = store.mtlsSubject;
  if (expected === null || peer?.subjectCN === expected) return undefined;
  return new ClientCertificateRefused(
    operation,
    peer ? `client certificate subject CN ${peer.subjectCN.slice(0, 253)} is not ${expected} (mtls_enabled)` : `no verified client certificate on this connection; mtls_enabled needs CN=${expected}`,
  );
}

/**
 * The subject CNs a mutual TLS listener accepts: the configured list, or, when the config names
 * none, AWS KMS's for the regions of the key stores with mtls_enabled (recomputed once per key
 * view change, looked up once per connection).
 */
export function subjectAcceptor(configured: readonly string[] | undefined, keys: KeyViewHolder): (cn: string) => boolean {
  if (configured) {
    const fixed = new Set(configured.map((s) => s.toLowerCase()));
    return (cn) => fixed.has(cn);
  }
  let seen: unknown;
  let derived = new Set<string>();
  return (cn) => {
    const view = keys.current;
    if (view !== seen) {
      seen = view;
      derived = new Set();
      for (const s of view.byId.values()) if (s.mtlsSubject !== null) derived.add(s.mtlsSubject);
    }
    return derived.has(cn);
  };
}
