/**
 * The data plane's TLS files, checked before any thread starts: uWS only says "App construction
 * failed" for a missing or malformed file, so each one is read and parsed here and named when bad.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { closeSync, constants, fstatSync, openSync, readFileSync } from "node:fs";

const MAX_PEM_BYTES = 1 << 20;

/** Symlinks are followed (certbot's live/ dir is links); O_NONBLOCK: a FIFO must not hang the start. */
function read(path: string, what: string): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error("not a regular file");
    if (st.size > MAX_PEM_BYTES) throw new Error(`larger than ${MAX_PEM_BYTES} bytes`);
    return readFileSync(fd);
  } catch (e) {
    throw new Error(`TLS ${what} file ${path} cannot be read: ${(e as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
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
