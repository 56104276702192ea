/**
 * TLS to PostgreSQL as the store URL's sslmode says, with libpq's meanings, against a real cluster
 * serving certificates made here with openssl: require encrypts without verifying, verify-ca checks
 * the chain but not the name, verify-full checks both, disable stays plaintext; a client key that
 * group or others can read is refused.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type PostgresEngine } from "../src/store/postgres/engine.js";
import { usePgCluster } from "./helpers/postgres.js";

const cluster = usePgCluster();
let dir: string;
const pem = (name: string) => join(dir, name);
const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
function makeCa(name: string): void {
  openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", `/CN=${name}`, "-keyout", pem(`${name}.key`), "-out", pem(`${name}.pem`));
}
function issue(name: string, ca: string, san: string): void {
  openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", `/CN=${name}`, "-keyout", pem(`${name}.key`), "-out", pem(`${name}.csr`));
  writeFileSync(pem(`${name}.ext`), `subjectAltName=${san}\n`);
  openssl("x509", "-req", "-in", pem(`${name}.csr`), "-CA", pem(`${ca}.pem`), "-CAkey", pem(`${ca}.key`), "-days", "1", "-out", pem(`${name}.pem`), "-extfile", pem(`${name}.ext`));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "xks-pg-tls-"));
  makeCa("ca");
  makeCa("other-ca");
  issue("right-name", "ca", "IP:127.0.0.1");
  issue("wrong-name", "ca", "DNS:elsewhere.test");
  issue("client", "ca", "DNS:xks");
  chmodSync(pem("client.key"), 0o600);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const engines: PostgresEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

/** Opens the test database with these URL parameters and says whether the session is encrypted. */
async function tlsOf(params: string): Promise<boolean> {
  const db = await openPostgres({ url: `${cluster().url}?${params}`, env: { PGPASSWORD: cluster().password } });
  engines.push(db);
  return (await db.get<{ ssl: boolean }>("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))!.ssl;
}

describe("sslmode", () => {
  it("with a certificate naming the host: verify-full and verify-ca with the right CA, require without one; disable is plaintext", async () => {
    await cluster().enableTls(readFileSync(pem("right-name.pem"), "utf8"), readFileSync(pem("right-name.key"), "utf8"));
    expect(await tlsOf(`sslmode=verify-full&sslrootcert=${pem("ca.pem")}`)).toBe(true);
    expect(await tlsOf(`sslmode=verify-ca&sslrootcert=${pem("ca.pem")}`)).toBe(true);
    expect(await tlsOf("sslmode=require")).toBe(true);
    expect(await tlsOf("sslmode=disable")).toBe(false);
    expect(await tlsOf("application_name=plain")).toBe(false);
    // another CA: every verifying mode refuses (require with a root CA verifies the chain, as in libpq)
    for (const mode of ["verify-full", "verify-ca", "require"]) {
      await expect(tlsOf(`sslmode=${mode}&sslrootcert=${pem("other-ca.pem")}`)).rejects.toThrow(/certificate/);
    }
    // no CA given: verify-full checks against the system CAs, which do not know this one
    await expect(tlsOf("sslmode=verify-full")).rejects.toThrow(/certificate/);
  });

  it("with a certificate naming another host: verify-full refuses, verify-ca accepts", async () => {
    await cluster().enableTls(readFileSync(pem("wrong-name.pem"), "utf8"), readFileSync(pem("wrong-name.key"), "utf8"));
    await expect(tlsOf(`sslmode=verify-full&sslrootcert=${pem("ca.pem")}`)).rejects.toThrow(/IP: 127\.0\.0\.1 is not in the cert's list|altnames/);
    expect(await tlsOf(`sslmode=verify-ca&sslrootcert=${pem("ca.pem")}`)).toBe(true);
  });

  it("sends a client certificate whose key file only its owner can read", async () => {
    const params = `sslmode=verify-ca&sslrootcert=${pem("ca.pem")}&sslcert=${pem("client.pem")}&sslkey=${pem("client.key")}`;
    chmodSync(pem("client.key"), 0o640);
    await expect(tlsOf(params)).rejects.toThrow(/sslkey .* has mode 640; it must be 0600/);
    chmodSync(pem("client.key"), 0o600);
    expect(await tlsOf(params)).toBe(true);
    await expect(tlsOf(`sslmode=require&sslcert=${pem("client.pem")}`)).rejects.toThrow(/sslcert and sslkey go together/);
  });
});
