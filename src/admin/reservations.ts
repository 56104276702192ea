import type { AdminError } from "./errors.js";

/**
 * Names claimed by calls in flight. A creation that makes HSM objects before its database insert
 * reserves its unique names first, so concurrent calls for the same name fail fast with
 * ALREADY_EXISTS instead of each generating a key only one insert can keep.
 */
export class Reservations {
  private readonly held = new Set<string>();

  /** Claims every key or none (throwing `busy` when one is held); returns the release function. */
  take(keys: readonly string[], busy: () => AdminError): () => void {
    if (keys.some((k) => this.held.has(k))) throw busy();
    for (const k of keys) this.held.add(k);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const k of keys) this.held.delete(k);
    };
  }
}
