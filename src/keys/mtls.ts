/**
 * The subject CN of the client certificate AWS KMS presents over mutual TLS from one region (XKS
 * spec, "Authentication": CN=cks.kms.<Region>.amazonaws.com), lower case as the data plane
 * compares subjects.
 */
export function kmsClientSubject(region: string): string {
  return `cks.kms.${region}.amazonaws.com`.toLowerCase();
}
