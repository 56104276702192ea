import type { KeyTier } from "../keys/records.js";
import { invalid } from "./errors.js";

/** Request field checks; each failure is INVALID_ARGUMENT naming the field. */

export function required(v: string, field: string): string {
  const s = v.trim();
  if (s === "") throw invalid(field, "is required");
  return s;
}

export function tier(v: string, field: string): KeyTier {
  if (v === "local" || v === "luna-hsm") return v;
  throw invalid(field, `must be "local" or "luna-hsm", got "${v}"`);
}

export function intInRange(v: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw invalid(field, `must be an integer from ${min} to ${max}, got ${v}`);
  return v;
}

const URI_SUFFIX = "/kms/xks/v1";

/** AWS's rules for XksProxyUriPath: "/<prefix>/kms/xks/v1", ≤128 chars, a-zA-Z0-9/_- only. */
export function uriPath(v: string, field: string): string {
  if (v.length > 128) throw invalid(field, `must be at most 128 characters (got ${v.length})`);
  if (!/^[a-zA-Z0-9/_-]+$/.test(v)) throw invalid(field, "may contain only a-z, A-Z, 0-9, /, _ and -");
  if (!v.startsWith("/")) throw invalid(field, 'must start with "/"');
  if (!v.endsWith(URI_SUFFIX)) throw invalid(field, `must end with "${URI_SUFFIX}", e.g. "/example${URI_SUFFIX}"`);
  if (v.includes("//")) throw invalid(field, 'must not contain empty segments ("//")');
  return v;
}

export const CONNECTIVITY = ["PUBLIC_ENDPOINT", "VPC_ENDPOINT_SERVICE"] as const;

export function connectivity(v: string, field: string): string {
  if (v === "") return "PUBLIC_ENDPOINT";
  if ((CONNECTIVITY as readonly string[]).includes(v)) return v;
  throw invalid(field, `must be one of ${CONNECTIVITY.join(", ")}, got "${v}"`);
}

export function endpoint(v: string, field: string): string {
  if (v === "") return v;
  if (!/^https:\/\/[a-zA-Z0-9.-]+(:\d+)?$/.test(v)) throw invalid(field, `must be "https://<dns-name>" (no path), got "${v}"`);
  return v;
}

export function isoTime(v: string, field: string): string | undefined {
  if (v === "") return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw invalid(field, `must be an ISO 8601 time such as 2024-01-31T12:00:00Z, got "${v}"`);
  return new Date(t).toISOString();
}

export function oneOf(v: string, field: string, allowed: readonly string[]): string | undefined {
  if (v === "") return undefined;
  if (!allowed.includes(v)) throw invalid(field, `must be one of ${allowed.join(", ")}, got "${v}"`);
  return v;
}

export function pageParams(req: { skip: number; limit: number; sort: string }): { skip: number; limit: number; sort: string } {
  return { skip: req.skip, limit: req.limit, sort: req.sort };
}
