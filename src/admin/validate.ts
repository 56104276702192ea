import type { AuthorizationRule, KeyTier } from "../keys/records.js";
import { invalid } from "./errors.js";

/** Request field checks; each failure is INVALID_ARGUMENT naming the field. */

export function required(v: string, field: string): string {
  const s = v.trim();
  if (s === "") throw invalid(field, "is required");
  return s;
}

/**
 * Names and labels: 1–128 characters after trimming, no control characters, and no invisible
 * format characters or line separators (U+200B, U+202E, U+2028, ...): "demo\u200b" would be a
 * second store that lists exactly like "demo", and a bidi override reorders what a terminal shows.
 */
export function name(v: string, field: string): string {
  const s = required(v, field);
  if (s.length > 128) throw invalid(field, `must be at most 128 characters (got ${s.length})`);
  if (/\p{Cc}/u.test(s)) throw invalid(field, "must not contain control characters");
  if (/[\p{Cf}\p{Zl}\p{Zp}]/u.test(s)) throw invalid(field, "must not contain invisible format characters or line separators (such as U+200B, U+202E, U+2028)");
  return s;
}

/**
 * The AWS account that owns the store's KMS keys: exactly 12 digits. It drives the data plane's
 * confused-deputy check (a request whose kmsKeyArn names another account is refused), so there is
 * no "unset" value that would switch the check off.
 */
export function awsAccount(v: string, field: string): string {
  const s = v.trim();
  if (!/^\d{12}$/.test(s)) throw invalid(field, `must be the 12-digit AWS account id that owns the store's KMS keys, e.g. 111122223333; got "${printable(s)}"`);
  return s;
}

/** AWS region names: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, us-iso-east-1, eusc-de-east-1, ... */
const REGION = /^(?:[a-z]{2}|eusc-[a-z]{2})(?:-gov|-iso[a-z]?)?-(?:central|north|south|east|west|northeast|northwest|southeast|southwest)-\d{1,2}$/;

export function region(s: string, field: string): string {
  if (s === "") throw invalid(field, "is required");
  if (!REGION.test(s)) throw invalid(field, `must be an AWS region name such as us-east-1 or eu-central-1; got "${printable(s)}"`);
  return s;
}

/** Caller input echoed in an error: printable and short. */
export function printable(s: string): string {
  const p = s.replace(/[^\x20-\x7e]/g, "?");
  return p.length > 64 ? `${p.slice(0, 61)}...` : p;
}

/**
 * A field the proxy fills in its answers (the .proto says "answers"). Requests and answers share
 * these messages, so without this check a value given in a request would be silently ignored
 * (e.g. an externalKeyId a user expects AWS KMS keys to use).
 */
export function answerOnly(given: string | boolean | undefined, field: string): void {
  if (given) throw invalid(field, "is filled in by the proxy in its answers and cannot be given in a request");
}

export function tier(v: string, field: string): KeyTier {
  if (v === "local" || v === "luna-hsm") return v;
  throw invalid(field, `must be "local" or "luna-hsm", got "${printable(v)}"`);
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
  throw invalid(field, `must be one of ${CONNECTIVITY.join(", ")}, got "${printable(v)}"`);
}

/** AWS's rule for XksProxyVpcEndpointServiceName (an endpoint service name, ≤ 64 characters). */
export function vpcEndpointServiceName(v: string, field: string): string {
  if (v === "") return v;
  if (v.length > 64 || !/^com\.amazonaws\.vpce\.([a-z]+-){2,3}\d+\.vpce-svc-[0-9a-z]+$/.test(v)) {
    throw invalid(field, `must be a VPC endpoint service name such as com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0; got "${printable(v)}"`);
  }
  return v;
}

/** Loopback hosts: the only ones plain http:// may name (local trials, the KMS emulator). */
const LOOPBACK_HTTP = /^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?$/;

/**
 * An endpoint we send AWS traffic to, or tell AWS to send traffic to: https://<host>[:port], or
 * http:// on loopback only, where nothing leaves the machine (trials against the KMS emulator).
 */
export function awsEndpoint(v: string, field: string): string {
  if (v === "") return v;
  if (v.length > 128 || !(/^https:\/\/[a-zA-Z0-9.-]+(:\d+)?$/.test(v) || LOOPBACK_HTTP.test(v))) {
    throw invalid(field, `must be "https://<dns-name>[:port]" (no path, at most 128 characters; http:// only to 127.0.0.1, localhost or [::1]), got "${printable(v)}"`);
  }
  return v;
}

/** A date, or a date and time with an optional zone (Date.parse alone would take "1" as 2001). */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Date.parse rolls a day past the month's end over ("2026-02-30" is March 2): refuse it instead. */
function realDay(v: string): boolean {
  const [y, m, d] = [Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10))];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
}

export function isoTime(v: string, field: string): string | undefined {
  if (v === "") return undefined;
  const t = ISO_8601.test(v) && realDay(v) ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(t)) throw invalid(field, `must be an ISO 8601 time such as 2024-01-31T12:00:00Z, got "${printable(v)}"`);
  return new Date(t).toISOString();
}

export function oneOf(v: string, field: string, allowed: readonly string[]): string | undefined {
  if (v === "") return undefined;
  if (!allowed.includes(v)) throw invalid(field, `must be one of ${allowed.join(", ")}, got "${printable(v)}"`);
  return v;
}

export function pageParams(req: { skip: number; limit: number; sort: string }): { skip: number; limit: number; sort: string } {
  return { skip: req.skip, limit: req.limit, sort: req.sort };
}

export const MAX_AUTHORIZATION_RULES = 100;
/** kmsOperation / kmsViaService values per rule */
const MAX_RULE_VALUES = 50;
/** IAM's limit on an ARN's length */
const MAX_ARN = 2048;
/** A principal ARN: arn:<partition>:<service>:<region>:<12-digit account>:<resource>. */
const PRINCIPAL_ARN = /^arn:aws(?:-[a-z]+)*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:[\x21-\x7e]+$/;
/** What precedes the "*" of a prefix: at least a whole partition ("arn:aws:", "arn:aws-us-gov:"). */
const PRINCIPAL_PREFIX = /^arn:aws(?:-[a-z]+)*:[\x21-\x7e]*$/;
/** kmsOperation and kmsViaService values: printable, no spaces (not checked against a list: KMS adds operations) */
const METADATA_VALUE = /^[\x21-\x7e]{1,128}$/;

/** What the admin API takes for one rule (proto AuthorizationRule as decoded). */
export interface AuthorizationRuleInput {
  principal: string;
  operations: string[];
  via_services: string[];
}

function principal(v: string, field: string): string | undefined {
  if (v === "") return undefined;
  if (v.length > MAX_ARN) throw invalid(field, `must be at most ${MAX_ARN} characters (got ${v.length})`);
  const star = v.indexOf("*");
  if (star === -1) {
    if (!PRINCIPAL_ARN.test(v)) throw invalid(field, `must be a principal ARN such as arn:aws:iam::111122223333:role/app, or a prefix ending in "*"; got "${printable(v)}"`);
    return v;
  }
  if (star !== v.length - 1) throw invalid(field, `"*" may only end a prefix (got "${printable(v)}")`);
  if (v === "*") throw invalid(field, 'a lone "*" matches every principal: leave principal empty for that');
  if (!PRINCIPAL_PREFIX.test(v.slice(0, -1))) {
    throw invalid(field, `a prefix must start with a whole ARN partition, e.g. arn:aws:iam::111122223333:role/app-*; got "${printable(v)}"`);
  }
  return v;
}

function metadataValues(vs: string[], field: string): string[] | undefined {
  if (vs.length === 0) return undefined;
  if (vs.length > MAX_RULE_VALUES) throw invalid(field, `at most ${MAX_RULE_VALUES} values per rule (got ${vs.length})`);
  vs.forEach((x, i) => {
    if (!METADATA_VALUE.test(x)) throw invalid(`${field}[${i}]`, `must be 1-128 printable characters without spaces; got "${printable(x)}"`);
  });
  return [...new Set(vs)];
}

/**
 * A key store's authorization rules (keys/authorization.ts says what they mean). Empty fields are
 * "any" and left out; a rule that sets nothing would allow every request, which is what having no
 * rules means, so it is refused as the likely mistake it is.
 */
export function authorizationRules(rules: AuthorizationRuleInput[], field: string): AuthorizationRule[] {
  if (rules.length > MAX_AUTHORIZATION_RULES) throw invalid(field, `at most ${MAX_AUTHORIZATION_RULES} rules (got ${rules.length})`);
  return rules.map((r, i) => {
    const at = `${field}[${i}]`;
    const rule: AuthorizationRule = {};
    const p = principal(r.principal, `${at}.principal`);
    if (p !== undefined) rule.principal = p;
    const ops = metadataValues(r.operations, `${at}.operations`);
    if (ops) rule.operations = ops;
    const via = metadataValues(r.via_services, `${at}.via_services`);
    if (via) rule.viaServices = via;
    if (!p && !ops && !via) throw invalid(at, "sets no condition: give principal, operations or via_services (to allow every request, have no rules)");
    return rule;
  });
}
