import type * as grpc from "@grpc/grpc-js";
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (s: string): Buffer => createHash("sha256").update(s, "utf8").digest();

/** Who made a call, for the audit trail: a short fingerprint, never the token itself. */
export const tokenFingerprint = (token: string): string => `token:sha256:${digest(token).toString("hex").slice(0, 16)}`;

/**
 * Bearer-token check. Tokens are compared as SHA-256 digests with timingSafeEqual against every
 * configured token, so neither the length nor the matching position leaks through timing.
 */
export class BearerAuth {
  private readonly digests: Buffer[];

  constructor(tokens: readonly string[]) {
    this.digests = tokens.filter((t) => t.length > 0).map(digest);
  }

  /** Returns the caller's fingerprint, or undefined when the call carries no valid token. */
  check(metadata: grpc.Metadata): string | undefined {
    const values = metadata.get("authorization");
    const header = typeof values[0] === "string" ? values[0] : undefined;
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) return undefined;
    const presented = digest(m[1]!);
    let ok = false;
    for (const d of this.digests) ok = timingSafeEqual(presented, d) || ok;
    return ok ? tokenFingerprint(m[1]!) : undefined;
  }
}
