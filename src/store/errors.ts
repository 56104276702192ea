/**
 * Failures the store reports in its own words; the admin plane maps `code` to a gRPC status.
 * The codes mirror gRPC names on purpose, but store/ imports nothing from gRPC.
 */
export type StoreErrorCode = "INVALID_ARGUMENT" | "NOT_FOUND" | "ALREADY_EXISTS" | "FAILED_PRECONDITION" | "UNAVAILABLE";

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /** the request field at fault, when there is one (e.g. "local_hosted_params.max_credentials") */
    readonly field?: string,
  ) {
    super(message);
    this.name = "StoreError";
  }
}

export function notFound(what: string, id: string): StoreError {
  return new StoreError("NOT_FOUND", `${what} ${id} does not exist`);
}

/** True when the engine reports a UNIQUE violation: better-sqlite3's code, or PostgreSQL's SQLSTATE. */
export function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof Error) || !("code" in e)) return false;
  const code = (e as { code: unknown }).code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505";
}
