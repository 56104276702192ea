/**
 * TLS files (data plane and admin API), checked before any thread starts: uWS only says "App
 * construction failed" and grpc-js fails at the first handshake for a missing or malformed file,
 * so each one is read and parsed here and named when bad.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { closeSync, constants, fstatSync, openSync, readFileSync } from "node:fs";

const MAX_PEM_BYTES = 1 << 20;

export interface TlsFileSettings {
  certFile: string;
  keyFile: string;
  clientCaFile?: string;
}

/** The files' bytes, as checked. */
export interface TlsPems {
  cert: Buffer;
  key: Buffer;
  clientCa?: Buffer;
}

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
    throw new Error(`${what} file ${path} cannot be read: ${(e as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Every certificate of a CA bundle must parse: X509Certificate alone reads only the first. */
function checkCaBundle(pem: Buffer, path: string, what: string): void {
  const certs = pem.toString("latin1").match(PEM_CERT) ?? [];
  if (certs.length === 0) throw new Error(`${what} file ${path} holds no PEM certificate`);
  certs.forEach((c, i) => {
    try {
      new X509Certificate(c);
    } catch {
      throw new Error(`${what} file ${path}: certificate ${i + 1} of ${certs.length} is not a valid PEM certificate`);
    }
  });
}

/**
 * Reads and checks the files: the certificate parses, the key is an unencrypted private key that
 * matches it, and every CA certificate parses. `plane` prefixes the messages ("admin ").
 */
export function readTlsFiles(tls: TlsFileSettings, plane = ""): TlsPems {
  const cert = read(tls.certFile, `${plane}TLS certificate`);
  const key = read(tls.keyFile, `${plane}TLS private key`);
  let x509: X509Certificate;
  let keyObject: KeyObject;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new Error(`${plane}TLS certificate file ${tls.certFile} does not hold a PEM certificate`);
  }
  try {
    keyObject = createPrivateKey(key);
  } catch {
    throw new Error(`${plane}TLS private key file ${tls.keyFile} does not hold an unencrypted PEM private key`);
  }
  if (!x509.checkPrivateKey(keyObject)) throw new Error(`${plane}TLS private key file ${tls.keyFile} does not match the certificate in ${tls.certFile}`);
  if (tls.clientCaFile === undefined) return { cert, key };
  const clientCa = read(tls.clientCaFile, `${plane}TLS client CA`);
  checkCaBundle(clientCa, tls.clientCaFile, `${plane}TLS client CA`);
  return { cert, key, clientCa };
}
