import * as grpc from "@grpc/grpc-js";
import { randomBytes } from "node:crypto";
import { AwsKmsError } from "../aws/errors.js";
import { isXksError } from "../errors.js";
import { awsMessage, awsStatus } from "./aws-errors.js";
import { StoreError, type StoreErrorCode } from "../store/errors.js";

/** An admin failure with the gRPC status it answers with. Messages say what to do, never echo secrets. */
export class AdminError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
    this.name = "AdminError";
  }
}

export const invalid = (field: string, why: string): AdminError => new AdminError(grpc.status.INVALID_ARGUMENT, `${field}: ${why}`);
export const precondition = (msg: string): AdminError => new AdminError(grpc.status.FAILED_PRECONDITION, msg);
export const missing = (msg: string): AdminError => new AdminError(grpc.status.NOT_FOUND, msg);
export const exists = (msg: string): AdminError => new AdminError(grpc.status.ALREADY_EXISTS, msg);

/** Where failures the client must not see in detail (SQLite, bugs) are reported: the daemon log. */
export type LogInternal = (operation: string, e: unknown, ref?: string) => void;

export const UNAUTHENTICATED_MESSAGE = 'missing or invalid bearer token: send metadata "authorization: Bearer <token>"';

const STORE_CODES: Record<StoreErrorCode, grpc.status> = {
  INVALID_ARGUMENT: grpc.status.INVALID_ARGUMENT,
  NOT_FOUND: grpc.status.NOT_FOUND,
  ALREADY_EXISTS: grpc.status.ALREADY_EXISTS,
  FAILED_PRECONDITION: grpc.status.FAILED_PRECONDITION,
  UNAVAILABLE: grpc.status.UNAVAILABLE,
};

/** Longest status message sent: even percent-encoded (≤ 12 bytes a character) it fits grpc-js's 8 KiB metadata limit. */
const MAX_DETAILS = 512;

/**
 * Messages echo caller input ("source key <id> does not exist"). A 200,000-character id made the
 * trailer too large for the client, whose call then hung until its deadline, and the channel with
 * it; control and format characters would reach the caller's terminal. So: one line, bounded.
 */
function details(message: string): string {
  const line = message.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "?");
  return line.length > MAX_DETAILS ? `${line.slice(0, MAX_DETAILS - 3)}...` : line;
}

export function serviceError(code: grpc.status, message: string): grpc.ServiceError {
  const text = details(message);
  const err = new Error(text) as grpc.ServiceError;
  err.code = code;
  err.details = text;
  err.metadata = new grpc.Metadata();
  return err;
}

export const unauthenticated = (): grpc.ServiceError => serviceError(grpc.status.UNAUTHENTICATED, UNAUTHENTICATED_MESSAGE);

const errorCode = (e: unknown): unknown => (e instanceof Error && "code" in e ? (e as { code: unknown }).code : undefined);

/**
 * Maps anything thrown by a handler to a gRPC error. Our own typed failures keep their message;
 * anything else (SQLite, a bug) becomes INTERNAL with a reference into the daemon log, so driver
 * messages and internals never reach the client.
 */
export function toServiceError(e: unknown, logInternal: LogInternal, operation: string): grpc.ServiceError {
  if (e instanceof AdminError) return serviceError(e.code, e.message);
  if (e instanceof AwsKmsError) return serviceError(awsStatus(e), awsMessage(e));
  if (e instanceof StoreError) {
    const code = STORE_CODES[e.code];
    const prefixed = e.field && code === grpc.status.INVALID_ARGUMENT && !e.message.startsWith(e.field);
    return serviceError(code, prefixed ? `${e.field}: ${e.message}` : e.message);
  }
  if (isXksError(e)) {
    // failures reported by the HSM backend while provisioning keys
    const code = e.name === "KeyNotFoundException" ? grpc.status.NOT_FOUND : e.name === "DependencyTimeoutException" ? grpc.status.UNAVAILABLE : grpc.status.FAILED_PRECONDITION;
    return serviceError(code, `${e.name}: ${e.message}`);
  }
  // the PKCS#11 pool refuses a second key with the same label (HsmKeyExistsError)
  if (errorCode(e) === "ALREADY_EXISTS" && e instanceof Error) return serviceError(grpc.status.ALREADY_EXISTS, e.message);
  if (errorCode(e) === "SQLITE_BUSY") return serviceError(grpc.status.UNAVAILABLE, "the database is busy; retry the call");
  const ref = randomBytes(4).toString("hex");
  logInternal(operation, e, ref);
  return serviceError(grpc.status.INTERNAL, `internal error in ${operation} (reference ${ref} in the daemon log)`);
}

export function statusName(code: grpc.status): string {
  return grpc.status[code] ?? String(code);
}
