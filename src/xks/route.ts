/**
 * Parses an XKS API path: "<uriPath>/health" or "<uriPath>/keys/<externalKeyId>/<op>" where
 * uriPath = "[/<prefix>]/kms/xks/v1". Character and length rules from the spec: the URI path
 * uses a-zA-Z0-9/_- (≤128 chars); externalKeyId uses A-Za-z0-9 . - _ (≤128 chars).
 */
export type XksOperation = "GetHealthStatus" | "GetKeyMetadata" | "Encrypt" | "Decrypt";

export interface XksRoute {
  uriPath: string;
  operation: XksOperation;
  /** absent for GetHealthStatus */
  keyId?: string;
}

const API = /^((?:\/[A-Za-z0-9_-]+)*\/kms\/xks\/v1)\/(?:(health)|keys\/([A-Za-z0-9._-]{1,128})\/(metadata|encrypt|decrypt))$/;

const OPS: Record<string, XksOperation> = { metadata: "GetKeyMetadata", encrypt: "Encrypt", decrypt: "Decrypt" };

export function parseRoute(path: string): XksRoute | undefined {
  if (path.length > 512) return undefined;
  const m = API.exec(path);
  if (!m) return undefined;
  const uriPath = m[1]!;
  if (uriPath.length > 128) return undefined;
  if (m[2]) return { uriPath, operation: "GetHealthStatus" };
  return { uriPath, operation: OPS[m[4]!]!, keyId: m[3]! };
}
