/**
 * The emulator's AWS STS: AssumeRole in the STS Query protocol (POST, form-encoded
 * Action=AssumeRole&Version=2011-06-15&..., XML answers), SigV4-verified with service "sts" by the
 * server. Roles are configured on the emulator (ARN, the external id their trust policy requires,
 * the accounts they trust); the temporary credentials it issues are accepted by the KMS side when
 * the request carries their session token (X-Amz-Security-Token), until they expire.
 */
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { KmsError } from "./errors.js";
import type { EmulatorCredential } from "./sigv4.js";

export interface EmulatorRole {
  /** arn:aws:iam::<account>:role/<path/><name> */
  roleArn: string;
  /** the external id the trust policy requires (sts:ExternalId); absent = none required */
  externalId?: string;
  /** accounts whose principals the trust policy allows; absent = the role's own account */
  trustedAccounts?: string[];
  /** the role's MaxSessionDuration in seconds (IAM: 3600..43200; default 3600) */
  maxSessionSeconds?: number;
}

/** A credential the emulator issued: it is valid with its session token, until it expires. */
export interface SessionCredential extends EmulatorCredential {
  sessionToken: string;
  expiresAt: number;
  principalArn: string;
}

export const STS_VERSION = "2011-06-15";
const NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function xml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function keyId(prefix: string, n: number): string {
  return prefix + [...randomBytes(n)].map((b) => BASE32[b % 32]).join("");
}

/** STS's ValidationError wording for a member that fails its constraint. */
function validation(member: string, value: string | null, constraint: string): KmsError {
  const shown = value === null ? "null" : `'${value.slice(0, 128)}'`;
  return new KmsError("ValidationError", `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
}

/** The name STS (a Query-protocol service) gives the signature failures the KMS side names its own way. */
const STS_AUTH_NAMES: Record<string, [string, number]> = {
  MissingAuthenticationTokenException: ["MissingAuthenticationToken", 403],
  IncompleteSignatureException: ["IncompleteSignature", 400],
  InvalidSignatureException: ["SignatureDoesNotMatch", 403],
  UnrecognizedClientException: ["InvalidClientTokenId", 403],
  ExpiredTokenException: ["ExpiredToken", 400],
};

export function stsError(e: KmsError): KmsError {
  const mapped = STS_AUTH_NAMES[e.type];
  return mapped ? new KmsError(mapped[0], e.message, mapped[1]) : e;
}

/** `<ErrorResponse>` as STS answers it. */
export function stsErrorXml(e: KmsError, requestId: string): string {
  const type = e.status >= 500 ? "Receiver" : "Sender";
  return `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${xml(e.type)}</Code><Message>${xml(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

export class StsState {
  private readonly roles = new Map<string, EmulatorRole>();
  private readonly sessions = new Map<string, SessionCredential>();
  /** every AssumeRole answered, for tests and trials to inspect */
  readonly assumeRoleCalls: { roleArn: string; callerAccount: string; outcome: "ok" | string }[] = [];

  constructor(roles: EmulatorRole[]) {
    for (const r of roles) {
      if (!ROLE_ARN.test(r.roleArn)) throw new Error(`emulator role ${r.roleArn}: not an IAM role ARN`);
      if (r.externalId !== undefined && !EXTERNAL_ID.test(r.externalId)) throw new Error(`emulator role ${r.roleArn}: external id must be 2..1224 of [\\w+=,.@:/-]`);
      this.roles.set(r.roleArn, r);
    }
  }

  /** A credential issued here, by access key id (expired ones are still found: the token check says so). */
  session(accessKeyId: string): SessionCredential | undefined {
    return this.sessions.get(accessKeyId);
  }

  /**
   * AWS's checks of the session token: an issued credential needs its own token and must not have
   * expired; a long-term key carries none.
   */
  checkToken(cred: EmulatorCredential, headers: IncomingHttpHeaders, now = Date.now()): void {
    const raw = headers["x-amz-security-token"];
    const token = Array.isArray(raw) ? raw.join(",") : raw;
    const session = this.sessions.get(cred.accessKeyId);
    if (!session) {
      if (token !== undefined) throw new KmsError("UnrecognizedClientException", "The security token included in the request is invalid.");
      return;
    }
    if (token !== session.sessionToken) throw new KmsError("UnrecognizedClientException", "The security token included in the request is invalid.");
    if (now >= session.expiresAt) throw new KmsError("ExpiredTokenException", "The security token included in the request is expired");
  }

  /** One form-encoded STS request from an authenticated caller; answers the XML body. */
  handle(form: URLSearchParams, caller: EmulatorCredential & { principalArn: string }, requestId: string, now = Date.now()): string {
    const action = form.get("Action");
    if (action === null) throw new KmsError("MissingAction", "Missing Action");
    if (form.get("Version") !== STS_VERSION || action !== "AssumeRole") {
      throw new KmsError("InvalidAction", `Could not find operation ${action.slice(0, 64)} for version ${(form.get("Version") ?? "NO_VERSION_SPECIFIED").slice(0, 32)}`);
    }
    return this.assumeRole(form, caller, requestId, now);
  }

  private assumeRole(form: URLSearchParams, caller: EmulatorCredential & { principalArn: string }, requestId: string, now: number): string {
    const roleArn = form.get("RoleArn");
    if (roleArn === null) throw validation("roleArn", null, "Member must not be null");
    if (roleArn.length < 20 || roleArn.length > 2048) throw validation("roleArn", roleArn, "Member must have length between 20 and 2048");
    const sessionName = form.get("RoleSessionName");
    if (sessionName === null) throw validation("roleSessionName", null, "Member must not be null");
    if (!SESSION_NAME.test(sessionName)) throw validation("roleSessionName", sessionName, "Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64");
    const externalId = form.get("ExternalId");
    if (externalId !== null && !EXTERNAL_ID.test(externalId)) throw validation("externalId", externalId, "Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]* and have length between 2 and 1224");
    const durationRaw = form.get("DurationSeconds");
    const duration = durationRaw === null ? 3600 : Number(durationRaw);
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) throw validation("durationSeconds", durationRaw, "Member must have value between 900 and 43200");

    const role = this.roles.get(roleArn);
    const roleAccount = ROLE_ARN.exec(roleArn)?.[1];
    const trusted = role && (role.trustedAccounts ?? [roleAccount]).includes(caller.accountId);
    // STS does not say which condition failed: an unknown role, an untrusted caller and a wrong
    // or missing external id all answer the same AccessDenied
    if (!role || !trusted || (role.externalId !== undefined && externalId !== role.externalId)) {
      this.assumeRoleCalls.push({ roleArn, callerAccount: caller.accountId, outcome: "AccessDenied" });
      throw new KmsError("AccessDenied", `User: ${caller.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    }
    if (duration > (role.maxSessionSeconds ?? 3600)) {
      throw new KmsError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
    const roleName = ROLE_ARN.exec(roleArn)![2]!;
    const session: SessionCredential = {
      accessKeyId: keyId("ASIA", 16),
      secretAccessKey: randomBytes(30).toString("base64"),
      sessionToken: randomBytes(96).toString("base64"),
      accountId: roleAccount!,
      expiresAt: now + duration * 1000,
      principalArn: `arn:aws:sts::${roleAccount}:assumed-role/${roleName}/${sessionName}`,
    };
    this.sessions.set(session.accessKeyId, session);
    this.assumeRoleCalls.push({ roleArn, callerAccount: caller.accountId, outcome: "ok" });
    const expiration = new Date(session.expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z");
    return (
      `<AssumeRoleResponse xmlns="${NS}"><AssumeRoleResult>` +
      `<AssumedRoleUser><Arn>${xml(session.principalArn)}</Arn><AssumedRoleId>${keyId("AROA", 17)}:${xml(sessionName)}</AssumedRoleId></AssumedRoleUser>` +
      `<Credentials><AccessKeyId>${session.accessKeyId}</AccessKeyId><SecretAccessKey>${xml(session.secretAccessKey)}</SecretAccessKey>` +
      `<SessionToken>${xml(session.sessionToken)}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
      `</AssumeRoleResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>`
    );
  }
}
