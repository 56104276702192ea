/** Test certificates made with openssl in a private directory: CAs, client and server certificates. */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });

export interface CertDir {
  /** the path of `<name>.pem`, `<name>.key`, ... in the directory */
  file(name: string): string;
  makeCa(name: string): void;
  /** a client certificate issued by `ca` (valid for `days`; negative: already expired), or self-signed */
  makeClient(name: string, cn: string, ca: string | "self", days?: number): void;
  /** a self-signed server certificate for 127.0.0.1 with this serial (hex) */
  makeServer(name: string, serialHex: string): void;
}

export function certDir(prefix: string): CertDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = (name: string) => join(dir, name);
  return {
    file,
    makeCa(name) {
      openssl("req", "-x509", ...EC, "-keyout", file(`${name}.key`), "-out", file(`${name}.pem`), "-days", "2", "-subj", `/CN=${name}`, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
    },
    makeClient(name, cn, ca, days = 2) {
      if (ca === "self") {
        openssl("req", "-x509", ...EC, "-keyout", file(`${name}.key`), "-out", file(`${name}.pem`), "-days", String(days), "-subj", `/CN=${cn}`);
        return;
      }
      openssl("req", "-new", ...EC, "-keyout", file(`${name}.key`), "-out", file(`${name}.csr`), "-subj", `/CN=${cn}`);
      openssl("x509", "-req", "-in", file(`${name}.csr`), "-CA", file(`${ca}.pem`), "-CAkey", file(`${ca}.key`), "-set_serial", `0x${randomBytes(8).toString("hex")}`, "-days", String(days), "-out", file(`${name}.pem`));
    },
    makeServer(name, serialHex) {
      openssl("req", "-x509", ...EC, "-keyout", file(`${name}.key`), "-out", file(`${name}.pem`), "-days", "2", "-subj", "/CN=localhost", "-set_serial", `0x${serialHex}`, "-addext", "subjectAltName=IP:127.0.0.1");
    },
  };
}
