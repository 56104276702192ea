import * as grpc from "@grpc/grpc-js";
import { isXksError } from "../errors.js";
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

const STORE_CODES: Record<StoreErrorCode, grpc.status> = {
  INVALID_ARGUMENT: grpc.status.INVALID_ARGUMENT,
  NOT_FOUND: grpc.status.NOT_FOUND,
  ALREADY_EXISTS: grpc.status.ALREADY_EXISTS,
  FAILED_PRECONDITION: grpc.status.FAILED_PRECONDITION,
};

/** Maps anything thrown by a handler to a gRPC error; unknown failures become INTERNAL. */
export function toServiceError(e: unknown): grpc.ServiceError {
  let code: grpc.status = grpc.status.INTERNAL;
  let message = e instanceof Error ? e.message : String(e);
  if (e instanceof AdminError) code = e.code;
  else if (e instanceof StoreError) {
    code = STORE_CODES[e.code];
    if (e.field && code === grpc.status.INVALID_ARGUMENT && !message.startsWith(e.field)) message = `${e.field}: ${message}`;
  } else if (isXksError(e)) {
    // failures reported by the HSM backend while provisioning keys
    code = e.name === "KeyNotFoundException" ? grpc.status.NOT_FOUND : e.name === "DependencyTimeoutException" ? grpc.status.UNAVAILABLE : grpc.status.FAILED_PRECONDITION;
    message = `${e.name}: ${e.message}`;
  }
  const err = new Error(message) as grpc.ServiceError;
  err.code = code;
  err.details = message;
  err.metadata = new grpc.Metadata();
  return err;
}

export function statusName(code: grpc.status): string {
  return grpc.status[code] ?? String(code);
}
