import { XksError } from "../errors.js";
import { isAllowed } from "../keys/authorization.js";
import type { KeyStoreView } from "../keys/view.js";
import type { RequestMetadata } from "./wire.js";

/**
 * A request the key store's authorization rules refuse. The caller's answer names nothing of the
 * rules; `reason` (for the log, as the spec's Authorization section asks) says which request
 * metadata found no rule: identifiers AWS sent, no secret.
 */
export class AuthorizationDenied extends XksError {
  constructor(readonly reason: string) {
    super("AccessDeniedException", "The request is not allowed by this external key store's authorization rules");
  }
}

/** Key operations only (GetHealthStatus is exempt); a store without rules costs one null check. */
export function authorize(store: KeyStoreView, meta: RequestMetadata): void {
  const rules = store.authorization;
  if (rules === null || isAllowed(rules, meta.awsPrincipalArn, meta.kmsOperation, meta.kmsViaService)) return;
  throw new AuthorizationDenied(
    `no authorization rule allows awsPrincipalArn ${clip(meta.awsPrincipalArn)}, kmsOperation ${clip(meta.kmsOperation)}, kmsViaService ${clip(meta.kmsViaService)}`,
  );
}

/** Caller-sent text in a log line: printable and bounded. */
function clip(s: string | undefined): string {
  if (s === undefined) return "(none)";
  const p = s.replace(/[^\x20-\x7e]/g, "?");
  return p.length > 160 ? `${p.slice(0, 157)}...` : p;
}
