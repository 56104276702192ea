/** AWS KMS's error shape for the JSON 1.1 protocol: an HTTP status and `{"__type": name, "message": ...}`. */
export class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** AWS's wording for a missing required member. */
export function missing(member: string): KmsError {
  return new KmsError("ValidationException", `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
}

export function invalid(member: string, constraint: string): KmsError {
  return new KmsError("ValidationException", `1 validation error detected: Value at '${member}' failed to satisfy constraint: ${constraint}`);
}
