/**
 * The XKS error vocabulary (spec "Error codes" table). Every failure in the daemon's data path is
 * one of these names; xks/status.ts is the single place that maps a name to an HTTP status.
 */
export const XKS_ERROR_NAMES = [
  "ValidationException",
  "InvalidStateException",
  "InvalidCiphertextException",
  "InvalidKeyUsageException",
  "AuthenticationFailedException",
  "AccessDeniedException",
  "KeyNotFoundException",
  "InvalidUriPathException",
  "ThrottlingException",
  "UnsupportedOperationException",
  "DependencyTimeoutException",
  "InternalException",
] as const;

export type XksErrorName = (typeof XKS_ERROR_NAMES)[number];

export class XksError extends Error {
  override readonly name: XksErrorName;
  constructor(name: XksErrorName, message: string) {
    super(message);
    this.name = name;
  }
}

export function isXksError(e: unknown): e is XksError {
  return e instanceof XksError;
}
