import type { XksErrorName } from "../errors.js";

/** The single map from XKS error name to HTTP status (spec "Error codes" table). */
export const HTTP_STATUS: Readonly<Record<XksErrorName, string>> = {
  ValidationException: "400 Bad Request",
  InvalidStateException: "400 Bad Request",
  InvalidCiphertextException: "400 Bad Request",
  InvalidKeyUsageException: "400 Bad Request",
  AuthenticationFailedException: "401 Unauthorized",
  AccessDeniedException: "403 Forbidden",
  KeyNotFoundException: "404 Not Found",
  InvalidUriPathException: "404 Not Found",
  ThrottlingException: "429 Too Many Requests",
  UnsupportedOperationException: "501 Not Implemented",
  DependencyTimeoutException: "503 Service Unavailable",
  InternalException: "500 Internal Server Error",
};

/** Not an XKS error name: the spec asks for a plain 405 on non-POST calls to an API path. */
export const METHOD_NOT_ALLOWED = "405 Method Not Allowed";

/** errorMessage must be < 512 printable ASCII characters (spec). */
export function errorBody(name: XksErrorName, message: string): string {
  const clean = message.replace(/[^\x20-\x7e]/g, "?").slice(0, 500);
  return JSON.stringify({ errorName: name, errorMessage: clean });
}
