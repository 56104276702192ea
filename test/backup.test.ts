/**
 * Backup and restore as an operator runs them: `xks-proxy backup` against a live daemon under
 * load, `xks-proxy restore` into an empty data dir, a daemon on the restored dir decrypting what
 * was encrypted before the backup. Damaged, altered or mismatched backups and non-empty targets
 * are refused with one line and leave the target without keys.
 */
import Database from "better-sqlite3";
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient } from "./helpers/admin-client.js";
import { meta } from "./helpers/dataplane-suite.js";
import { spawnDaemon, type DaemonProcess } from "./helpers/process.js";
import { signedPost, type Credential } from "./helpers/sign.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const FILE_TOKEN = { admin: { tokens: undefined } };

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}
function cli(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }));
  });
}
/** A refused backup or restore: exit 1 and one `xks-proxy: ...` line. */
function expectCliRefused(r: CliResult, message: RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^xks-proxy: /);
  expect(lines[0]).toMatch(message);
}

const root = mkdtempSync(join(tmpdir(), "xks-backup-"));
const dirA = join(root, "a");
const backup = join(root, "backup");
let a: DaemonProcess;
let cred: Credential;
const hyokIds: string[] = [];
let storePath = "";
const encrypted: { keyId: string; plaintext: string; reply: Record<string, unknown> }[] = [];

const op = (keyId: string, verb: string) => `${storePath}/keys/${keyId}/${verb}`;
const encryptReq = (plaintext: string) => ({ requestMetadata: meta("Encrypt"), plaintext, encryptionAlgorithm: "AES_GCM" });
const decryptReq = (e: Record<string, unknown>) => ({
  requestMetadata: meta("Decrypt"),
  encryptionAlgorithm: "AES_GCM",
  ciphertext: e.ciphertext,
  ciphertextMetadata: e.ciphertextMetadata,
  initializationVector: e.initializationVector,
  authenticationTag: e.authenticationTag,
});

beforeAll(async () => {
  mkdirSync(dirA, { mode: 0o700 });
  a = await spawnDaemon(dirA, FILE_TOKEN);
  const admin = adminClient(a.adminPort, readFileSync(join(dirA, "admin.token"), "utf8").trim());
  // every success is audited too, so the database is written throughout the backup
  const ks = await admin.keyStores("Create", {
    name: "backup",
    kms: "111122223333",
    region: "us-east-1",
    enable_success_audit_event: true,
    local_hosted_params: { rate_limit: { requests_per_second: 100000, burst: 100000 } },
  });
  cred = { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key };
  storePath = ks.aws_param.xks_proxy_uri_path;
  for (let i = 0; i < 3; i++) {
    const sk = await admin.sourceKeys("Create", {});
    hyokIds.push((await admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks.id, source_key_id: sk.id } })).id);
  }
  for (const keyId of hyokIds) {
    for (let i = 0; i < 3; i++) {
      const plaintext = randomBytes(32).toString("base64");
      const r = await signedPost(a.xksPort, op(keyId, "encrypt"), encryptReq(plaintext), cred);
      expect(r.status).toBe(200);
      encrypted.push({ keyId, plaintext, reply: r.json });
    }
  }
  admin.close();
}, 60_000);

afterAll(async () => {
  if (a?.child.exitCode === null) {
    a.child.kill("SIGTERM");
    await a.exited;
  }
  rmSync(root, { recursive: true, force: true });
});

describe("backup and restore", () => {
  it("backs up under load, restores into an empty dir, and the restored daemon decrypts data encrypted before the backup", async () => {
    // load: encrypt requests (each audited) and admin writes, until the backup has finished
    let loading = true;
    let served = 0;
    const admin = adminClient(a.adminPort, readFileSync(join(dirA, "admin.token"), "utf8").trim());
    const load = Array.from({ length: 4 }, async () => {
      while (loading) {
        const r = await signedPost(a.xksPort, op(hyokIds[served % 3]!, "encrypt"), encryptReq("AAAA"), cred);
        expect(r.status).toBe(200);
        served++;
      }
    });
    const writes = (async () => {
      while (loading) await admin.sourceKeys("Create", {});
    })();
    while (served < 50) await new Promise((r) => setImmediate(r)); // the load is flowing
    const servedBefore = served;
    const b = await cli("backup", "--out", backup, "--data-dir", dirA);
    const servedDuring = served - servedBefore;
    loading = false;
    await Promise.all([...load, writes]);
    admin.close();
    expect(b.code, b.stderr).toBe(0);
    expect(servedDuring).toBeGreaterThan(0); // the daemon kept serving while it was backed up
    expect(b.stdout).toMatch(/schema \d+, 1 key stores, \d+ credentials, \d+ local source keys/);

    expect(statSync(backup).mode & 0o777).toBe(0o700);
    expect(readdirSync(backup).sort()).toEqual(["admin.token", "manifest.json", "master.key", "xks-proxy.db"]);
    for (const f of readdirSync(backup)) expect(statSync(join(backup, f)).mode & 0o777).toBe(0o600);
    const manifest = JSON.parse(readFileSync(join(backup, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ format: "xks-proxy-backup", formatVersion: 1, contents: { keyStores: 1 } });
    expect(manifest.contents.localSourceKeys).toBeGreaterThanOrEqual(3);
    for (const f of manifest.files) {
      const bytes = readFileSync(join(backup, f.name));
      expect({ name: f.name, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") }).toEqual(f);
    }
    expect(readFileSync(join(backup, "master.key")).equals(readFileSync(join(dirA, "master.key")))).toBe(true);

    const dirB = join(root, "b");
    const r = await cli("restore", "--from", backup, "--data-dir", dirB);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/every secret opened under the master key/);
    expect(statSync(dirB).mode & 0o777).toBe(0o700);
    expect(readdirSync(dirB).sort()).toEqual(["admin.token", "daemon.lock", "master.key", "xks-proxy.db"]);
    for (const f of ["admin.token", "master.key", "xks-proxy.db"]) expect(statSync(join(dirB, f)).mode & 0o777).toBe(0o600);

    a.child.kill("SIGTERM"); // the restored copy takes over (same credentials, same keys)
    expect((await a.exited).code).toBe(0);
    const restored = await spawnDaemon(dirB, FILE_TOKEN);
    try {
      for (const e of encrypted) {
        const d = await signedPost(restored.xksPort, op(e.keyId, "decrypt"), decryptReq(e.reply), cred);
        expect({ status: d.status, plaintext: d.json.plaintext }).toEqual({ status: 200, plaintext: e.plaintext });
      }
      // the restored admin token is the admin token
      const admin2 = adminClient(restored.adminPort, readFileSync(join(dirA, "admin.token"), "utf8").trim());
      expect((await admin2.keyStores("List", {})).total).toBe(1);
      admin2.close();
    } finally {
      restored.child.kill("SIGTERM");
      await restored.exited;
    }
  });

  /** A copy of the good backup, altered by `alter`, restored into a fresh dir: refused, nothing installed. */
  async function refusedRestore(alter: (dir: string) => void, message: RegExp): Promise<void> {
    const copy = mkdtempSync(join(root, "alt-"));
    cpSync(backup, copy, { recursive: true });
    alter(copy);
    const target = join(root, `t-${randomBytes(3).toString("hex")}`);
    expectCliRefused(await cli("restore", "--from", copy, "--data-dir", target), message);
    const left = (() => {
      try {
        return readdirSync(target).filter((f) => f !== "daemon.lock");
      } catch {
        return [];
      }
    })();
    expect(left).toEqual([]);
  }
  const editManifest = (dir: string, edit: (m: Record<string, any>) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any -- test-side JSON
    const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    edit(m);
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(m));
  };
  const rehash = (dir: string, name: string) =>
    editManifest(dir, (m) => {
      const bytes = readFileSync(join(dir, name));
      Object.assign(m.files.find((f: { name: string }) => f.name === name), { size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
    });

  it("a damaged or altered backup is refused before anything is installed", async () => {
    await refusedRestore((d) => {
      const db = readFileSync(join(d, "xks-proxy.db"));
      db[db.length - 100]! ^= 1;
      writeFileSync(join(d, "xks-proxy.db"), db);
    }, /backup file .*xks-proxy\.db does not match its manifest \(SHA-256 differs\)/);
    await refusedRestore((d) => editManifest(d, (m) => (m.files[1].sha256 = "0".repeat(64))), /backup file .* does not match its manifest/);
    await refusedRestore((d) => writeFileSync(join(d, "admin.token"), "another-token-0123456789\n"), /admin\.token does not match its manifest \(size/);
    await refusedRestore((d) => editManifest(d, (m) => (m.extra = true)), /backup manifest .* is not valid: .*extra/i);
    await refusedRestore((d) => editManifest(d, (m) => (m.formatVersion = 2)), /backup manifest .* is not valid: formatVersion/);
    await refusedRestore((d) => writeFileSync(join(d, "manifest.json"), "{"), /backup manifest .* is not JSON/);
    await refusedRestore((d) => rmSync(join(d, "manifest.json")), /backup manifest .*manifest\.json cannot be opened: ENOENT/);
    await refusedRestore((d) => writeFileSync(join(d, "notes.txt"), "x"), /holds notes\.txt, which its manifest does not list/);
  });

  it("a backup whose files are consistent but do not belong together is refused: another master key, a newer schema", async () => {
    await refusedRestore((d) => {
      writeFileSync(join(d, "master.key"), randomBytes(32));
      rehash(d, "master.key");
    }, /master key .*master\.key does not belong to database .* \(its key check does not open\)/);
    await refusedRestore((d) => {
      const db = new Database(join(d, "xks-proxy.db"));
      db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'future')").run();
      db.close();
      rehash(d, "xks-proxy.db");
    }, /database schema version 99 is newer than this build knows/);
    await refusedRestore((d) => {
      const db = new Database(join(d, "xks-proxy.db"));
      db.prepare("UPDATE credentials SET secret = randomblob(60) WHERE rowid = (SELECT MIN(rowid) FROM credentials)").run();
      db.prepare("DELETE FROM store_meta").run();
      db.close();
      rehash(d, "xks-proxy.db");
    }, /does not belong to database .* \(its sealed secrets do not open\)/);
  });

  it("restore refuses a data dir that is not empty; backup refuses a backup directory that is not empty", async () => {
    const target = join(root, "nonempty");
    mkdirSync(target, { mode: 0o700 });
    writeFileSync(join(target, "xks-proxy.db"), "");
    expectCliRefused(await cli("restore", "--from", backup, "--data-dir", target), /data dir .*nonempty is not empty \(it holds xks-proxy\.db\): restore only into an empty or new data dir/);
    expect(readdirSync(target)).toEqual(["xks-proxy.db"]);
    expectCliRefused(await cli("backup", "--out", backup, "--data-dir", dirA), /backup directory .* is not empty/);
    const usage = await cli("restore", "--from", backup);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--data-dir DIR is required/);
  });
});
