/**
 * The data plane's TLS files, checked before any thread starts: uWS only says "App construction
 * failed" for a missing or malformed file, so each one is read and parsed here and named when bad.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";

function read(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new Error(`TLS ${what} file ${path} cannot be read: ${(e as Error).message}`);
  }
}

export function checkTlsFiles(tls: { certFile: string; keyFile: string }): void {
  const certPem = read(tls.certFile, "certificate");
  const keyPem = read(tls.keyFile, "private key");
  let cert: X509Certificate;
  let key: KeyObject;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    throw new Error(`TLS certificate file ${tls.certFile} does not hold a PEM certificate`);
  }
  try {
    key = createPrivateKey(keyPem);
  } catch {
    throw new Error(`TLS private key file ${tls.keyFile} does not hold an unencrypted PEM private key`);
  }
  if (!cert.checkPrivateKey(key)) throw new Error(`TLS private key file ${tls.keyFile} does not match the certificate in ${tls.certFile}`);
}
