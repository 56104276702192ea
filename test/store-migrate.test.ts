/**
 * `xks-proxy store migrate --to postgres://...` as an operator runs it: a data dir filled by a real
 * daemon (key stores, rotated credentials, local source keys, rotated virtual keys, HYOK keys, XKS
 * and admin audit records) copied into an empty database of a private PostgreSQL cluster. Every
 * table's rows are compared on both sides, the secrets open on the target, and each refusal (daemon
 * running, target not empty, password in the URL, wrong master key, second run) is one line, exit 1,
 * with the target left as it was.
 */
import Database from "better-sqlite3";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSealer, readMasterKey } from "../src/crypto/local/sealer.js";
import { openDatabase } from "../src/datadir/open.js";
import { COPIED_TABLES } from "../src/store/copy.js";
import { openStoreOn, type Store } from "../src/store/db.js";
import { readSnapshot } from "../src/store/snapshot.js";
import { POSTGRES_MIGRATIONS } from "../src/store/migrations/postgres.js";
import { SQLITE_MIGRATIONS } from "../src/store/migrations/sqlite.js";
import type { SqlExecutor } from "../src/store/sql/executor.js";
import { openPostgres } from "../src/store/postgres/engine.js";
import { adminClient } from "./helpers/admin-client.js";
import { meta } from "./helpers/dataplane-suite.js";
import { usePgCluster } from "./helpers/postgres.js";
import { spawnDaemon } from "./helpers/process.js";
import { signedPost } from "./helpers/sign.js";
import { newKeyStore } from "./helpers/store-rows.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const cluster = usePgCluster();

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, PGPASSWORD: undefined, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}
const withPassword = () => ({ PGPASSWORD: cluster().password });

/** A refusal: exit 1 and one `xks-proxy: ...` line naming the problem. */
function expectRefused(r: CliResult, message: RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^xks-proxy: /);
  expect(lines[0]).toMatch(message);
  expect(r.stdout).toBe("");
}

const root = mkdtempSync(join(tmpdir(), "xks-migrate-"));
const dataDir = join(root, "data");
let accessKeyIds: string[] = [];

/** A copy of the filled data dir (modes kept), for a test that changes it or runs a daemon on it. */
function copyDataDir(name: string): string {
  const d = join(root, name);
  mkdirSync(d, { mode: 0o700 });
  for (const f of ["master.key", "xks-proxy.db"]) copyFileSync(join(dataDir, f), join(d, f));
  return d;
}

/** Every copied table's rows, in their order; store_meta apart (the target may hold its own names). */
async function tables(sql: SqlExecutor): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of COPIED_TABLES) out[t.name] = await sql.all(`SELECT * FROM ${t.name} ORDER BY ${t.key.join(", ")}`);
  return out;
}

async function openTarget(url: string): Promise<Store> {
  return openStoreOn(await openPostgres({ url, env: withPassword() }), POSTGRES_MIGRATIONS, { readOnly: true });
}

/** The tables of a database (a target never opened has none). */
const tablesIn = (db: string) =>
  cluster().admin(async (c) => (await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).rows.map((r) => r.table_name as string), db);

beforeAll(async () => {
  mkdirSync(dataDir, { mode: 0o700 });
  const d = await spawnDaemon(dataDir);
  const admin = adminClient(d.adminPort, d.token);
  try {
    const stores = [];
    for (const name of ["alpha", "beta"]) {
      stores.push(
        await admin.keyStores("Create", {
          name,
          kms: "111122223333",
          region: "us-east-1",
          enable_success_audit_event: true,
          local_hosted_params: { max_credentials: 4 },
        }),
      );
    }
    const first = stores[0]!;
    const rotated = await admin.credentials("Rotate", { custom_key_store_id: first.id });
    accessKeyIds = [...stores.map((s) => s.access_key_id as string), rotated.credential.access_key_id as string].sort();
    const sk = await admin.sourceKeys("Create", {});
    await admin.sourceKeys("Create", { encrypt: true, decrypt: false });
    const vk = await admin.virtualKeys("Create", { source_key_id: sk.id });
    await admin.virtualKeys("Rotate", { id: vk.id });
    await admin.virtualKeys("Rotate", { id: vk.id, source_key_id: sk.id });
    const hk = await admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: first.id, virtual_key_id: vk.id } });
    await admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: stores[1]!.id, source_key_id: sk.id, blocked: true } });
    // XKS records in the audit trail too
    const path = first.aws_param.xks_proxy_uri_path as string;
    const cred = { accessKeyId: first.access_key_id as string, secretAccessKey: first.secret_access_key as string };
    for (let i = 0; i < 3; i++) {
      const r = await signedPost(d.xksPort, `${path}/keys/${hk.id}/encrypt`, { requestMetadata: meta("Encrypt"), plaintext: randomBytes(16).toString("base64"), encryptionAlgorithm: "AES_GCM" }, cred);
      expect(r.status).toBe(200);
    }
  } finally {
    admin.close();
  }
  d.child.kill("SIGTERM"); // a stopped daemon: its audit records are flushed on the way out
  expect(await d.exited).toEqual({ code: 0, signal: null });

  // more rows than one copy batch (500) in a table with a one-column key and in one with a
  // two-column key, and audit seqs that start after a retention cut
  const store = await openDatabase(join(dataDir, "xks-proxy.db"));
  try {
    const sk = (await store.sourceKeys.allUnsealed(createSealer(readMasterKey(join(dataDir, "master.key")))))[0]!;
    const vk = await store.virtualKeys.create(sk.id);
    for (let v = 2; v <= 520; v++) await store.virtualKeys.rotate(vk.id, sk.id);
    await store.audit.deleteOldest(5);
    const at = new Date().toISOString();
    await store.audit.insertMany(
      Array.from({ length: 1200 }, (_, i) => ({
        id: crypto.randomUUID(),
        at,
        kind: "xks" as const,
        operation: "Encrypt",
        outcome: i % 7 === 0 ? ("failure" as const) : ("success" as const),
        errorName: i % 7 === 0 ? "InvalidCiphertextException" : "",
        keyStoreId: "",
        keyId: `k${i}`,
        kmsRequestId: "",
        actor: "",
        targetId: "",
        count: 1,
      })),
    );
  } finally {
    await store.close();
  }
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("store migrate", () => {
  it("copies every table into an empty database, the secrets open there, and a second run is refused", async () => {
    const url = await cluster().createDatabase("migrated");
    const r = await cli(["store", "migrate", "--to", url, "--data-dir", dataDir], withPassword());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(`migrated ${join(dataDir, "xks-proxy.db")} to ${url} (schema version ${POSTGRES_MIGRATIONS.length})`);
    expect(r.stdout).toMatch(/^ {2}key_stores +2 rows$/m);
    expect(r.stdout).toMatch(/^ {2}credentials +3 rows$/m);
    expect(r.stdout).toMatch(/^ {2}virtual_key_versions +524 rows$/m); // 3 + 520 of the rotated keys, 1 made for a HYOK key
    expect(r.stdout).toMatch(/3 credential secrets and \d+ local source keys open on the target/);
    expect(r.stdout).toContain("point every node's store.url");
    expect(r.stdout).toContain("mode 0600");
    expect(r.stdout).not.toContain(cluster().password);

    const source = await openDatabase(join(dataDir, "xks-proxy.db"), true);
    const target = await openTarget(url);
    try {
      expect(source.schemaVersion).toBe(SQLITE_MIGRATIONS.length);
      expect(target.schemaVersion).toBe(source.schemaVersion);
      // content, not only counts: every row of every table, column by column
      const [here, there] = [await tables(source.sql), await tables(target.sql)];
      for (const t of COPIED_TABLES) {
        if (t.name === "store_meta") expect(there[t.name]).toEqual(expect.arrayContaining(here[t.name]!));
        else expect(there[t.name], t.name).toEqual(here[t.name]);
      }
      expect(here.audit_records!.length).toBeGreaterThan(1200);
      expect((here.audit_records![0] as { seq: number }).seq).toBe(6);
      expect(new Set(here.audit_records!.map((a) => (a as { kind: string }).kind))).toEqual(new Set(["xks", "admin"]));
      // the secrets open on the target with the data dir's master key, to the same values
      const sealer = createSealer(readMasterKey(join(dataDir, "master.key")));
      expect((await target.credentials.allUnsealed(sealer)).map((c) => c.accessKeyId).sort()).toEqual(accessKeyIds);
      expect(await target.credentials.allUnsealed(sealer)).toEqual(await source.credentials.allUnsealed(sealer));
      const keys = await target.sourceKeys.allUnsealed(sealer);
      expect(keys.length).toBe(here.source_keys!.length); // 3 made, and each key store's health check key
      expect(keys.length).toBe(5);
      expect(r.stdout).toContain(`3 credential secrets and 5 local source keys open on the target`);
      expect(keys).toEqual(await source.sourceKeys.allUnsealed(sealer));
      // the key view a daemon loads at start is the same on both
      expect(await readSnapshot(target, sealer)).toEqual(await readSnapshot(source, sealer));
    } finally {
      await source.close();
      await target.close();
    }
    // the audit seq continues after the copied ones: an export cursor never sees a seq twice
    const next = await cluster().admin(async (c) => {
      const max = Number((await c.query(`SELECT MAX(seq) AS m FROM audit_records`)).rows[0].m);
      const seq = Number((await c.query(`INSERT INTO audit_records (id, at, kind, operation, outcome) VALUES ('x', '2026-01-01T00:00:00.000Z', 'admin', 'T', 'success') RETURNING seq`)).rows[0].seq);
      await c.query(`DELETE FROM audit_records WHERE id = 'x'`);
      return { max, seq };
    }, "migrated");
    expect(next.seq).toBeGreaterThan(next.max);

    // the same again: the target is no longer empty
    const before = await tables((await openTarget(url)).sql);
    const again = await cli(["store", "migrate", "--to", url, "--data-dir", dataDir], withPassword());
    expectRefused(again, /database postgres:\/\/xks@127\.0\.0\.1:\d+\/migrated is not empty \(source_keys has 5 rows\)/);
    const t2 = await openTarget(url);
    try {
      expect(await tables(t2.sql)).toEqual(before);
    } finally {
      await t2.close();
    }

    // a fleet node with the data dir's master key serves the migrated store
    const nodeDir = join(mkdtempSync(join(tmpdir(), "xks-migrated-node-")), "data");
    mkdirSync(nodeDir, { mode: 0o700 });
    copyFileSync(join(dataDir, "master.key"), join(nodeDir, "master.key"));
    const node = await spawnDaemon(nodeDir, { store: { url } }, withPassword());
    const admin = adminClient(node.adminPort, node.token);
    try {
      const listed = await admin.keyStores("List", { sort: "name" });
      expect(listed.resources.map((k: { name: string }) => k.name)).toEqual(["alpha", "beta"]);
      const creds = await admin.credentials("List", { custom_key_store_id: listed.resources[0].id, limit: 10 });
      expect(creds.total).toBe(2);
    } finally {
      admin.close();
      node.child.kill("SIGKILL");
      await node.exited;
      rmSync(join(nodeDir, ".."), { recursive: true, force: true });
    }
  }, 90_000);

  it("two copies into one database at once: exactly one succeeds, the other finds it not empty", async () => {
    const [a, b] = [copyDataDir("race-a"), copyDataDir("race-b")];
    const url = await cluster().createDatabase("race");
    // the schema first: this race is about the copy (two first opens of an empty database at once
    // race on CREATE TABLE IF NOT EXISTS, which is the engine's start-up, not the copy)
    await (await openStoreOn(await openPostgres({ url, env: withPassword() }), POSTGRES_MIGRATIONS)).close();
    const runs = await Promise.all([a, b].map((dir) => cli(["store", "migrate", "--to", url, "--data-dir", dir], withPassword())));
    expect(runs.map((r) => r.code).sort()).toEqual([0, 1]);
    expectRefused(runs.find((r) => r.code === 1)!, /is not empty \(source_keys has 5 rows\)/);
    const t = await openTarget(url);
    try {
      expect((await t.keyStores.all()).map((k) => k.name)).toEqual(["alpha", "beta"]);
    } finally {
      await t.close();
    }
  }, 60_000);

  it("is refused while a daemon holds the data dir, and touches neither side", async () => {
    const dir = copyDataDir("running");
    const d = await spawnDaemon(dir);
    try {
      const url = await cluster().createDatabase("while_running");
      const r = await cli(["store", "migrate", "--to", url, "--data-dir", dir], withPassword());
      expectRefused(r, new RegExp(`data dir ${dir} is in use by another xks-proxy daemon \\(pid ${d.child.pid}\\); stop it first`));
      expect(await tablesIn("while_running")).toEqual([]);
      expect(d.child.exitCode).toBeNull(); // still serving
    } finally {
      d.child.kill("SIGTERM");
      await d.exited;
    }
  }, 60_000);

  it("is refused into a database that already holds state, which stays as it was", async () => {
    const url = await cluster().createDatabase("occupied");
    const other = await openStoreOn(await openPostgres({ url, env: withPassword() }), POSTGRES_MIGRATIONS);
    try {
      await newKeyStore(other, "someone-elses");
    } finally {
      await other.close();
    }
    const t = await openTarget(url);
    const before = await tables(t.sql);
    await t.close();
    const r = await cli(["store", "migrate", "--to", url, "--data-dir", dataDir], withPassword());
    expectRefused(r, /is not empty \(key_stores has 1 rows\): a store is only copied into an empty database/);
    const t2 = await openTarget(url);
    try {
      expect(await tables(t2.sql)).toEqual(before);
      expect((await t2.keyStores.all()).map((k) => k.name)).toEqual(["someone-elses"]);
    } finally {
      await t2.close();
    }
  }, 60_000);

  it("refuses a URL with a password, without echoing it", async () => {
    await cluster().createDatabase("with_password");
    const secret = cluster().password;
    const url = `postgres://${cluster().user}:${encodeURIComponent(secret)}@127.0.0.1:${cluster().port}/with_password`;
    const r = await cli(["store", "migrate", "--to", url, "--data-dir", dataDir]);
    expectRefused(r, /--to is refused: it must not contain a password: put the password in PGPASSWORD or in --password-file FILE/);
    expect(r.stderr).not.toContain(secret);
    expect(await tablesIn("with_password")).toEqual([]);
  }, 30_000);

  it("takes the password from --password-file, and the data dir (with its master key) from --config", async () => {
    const dir = copyDataDir("pwfile");
    // an embedded store keeps its master key in its data dir (the config refuses masterKeyFile without store.url)
    const keyFile = join(dir, "master.key");
    const cfgFile = join(root, "daemon.json");
    writeFileSync(cfgFile, JSON.stringify({ dataDir: dir }));
    const pwFile = join(root, "pg.password");
    writeFileSync(pwFile, `${cluster().password}\n`, { mode: 0o600 });
    const url = await cluster().createDatabase("from_file");
    const r = await cli(["store", "migrate", "--to", url, "--config", cfgFile, "--password-file", pwFile]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}key_stores +2 rows$/m);
    expect(r.stdout).toContain(`open on the target with ${keyFile}`);
    expect(r.stdout).toContain(`copy ${keyFile} to every node`);
  }, 60_000);

  it("refuses a master key that is not the database's, before the target is touched", async () => {
    const dir = copyDataDir("wrong-key");
    writeFileSync(join(dir, "master.key"), randomBytes(32), { mode: 0o600 });
    const url = await cluster().createDatabase("wrong_key");
    const r = await cli(["store", "migrate", "--to", url, "--data-dir", dir], withPassword());
    expectRefused(r, new RegExp(`master key ${join(dir, "master.key")} does not belong to database ${join(dir, "xks-proxy.db")} \\(its key check does not open\\)`));
    expect(await tablesIn("wrong_key")).toEqual([]);
  }, 30_000);

  it("refuses a source at an older schema version, or with a key store PostgreSQL would refuse", async () => {
    const older = copyDataDir("older");
    const db = new Database(join(older, "xks-proxy.db"));
    db.prepare(`DELETE FROM schema_migrations WHERE version = ?`).run(SQLITE_MIGRATIONS.length);
    db.close();
    const url = await cluster().createDatabase("older_source");
    const r = await cli(["store", "migrate", "--to", url, "--data-dir", older], withPassword());
    expectRefused(r, new RegExp(`is at schema version ${SQLITE_MIGRATIONS.length - 1}, this build's is ${SQLITE_MIGRATIONS.length}: start this build's daemon on the data dir once`));
    expect(await tablesIn("older_source")).toEqual([]);

    // a key store from before the 12-digit kms rule (blocked by migration 3) would fail PostgreSQL's trigger
    const legacy = copyDataDir("legacy-kms");
    const db2 = new Database(join(legacy, "xks-proxy.db"));
    db2.exec(`DROP TRIGGER key_stores_kms_update; UPDATE key_stores SET kms = 'legacy', blocked = 1 WHERE name = 'beta'`);
    db2.close();
    const r2 = await cli(["store", "migrate", "--to", url, "--data-dir", legacy], withPassword());
    expectRefused(r2, /key store "beta" has no 12-digit AWS account in kms: set it \(xks-proxy admin keystore update --kms\) before migrating/);
    expect(await tablesIn("older_source")).toEqual([]);
  }, 30_000);

  it("usage errors exit 2", async () => {
    const none = await cli(["store", "migrate", "--data-dir", dataDir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--to URL is required/);
    const both = await cli(["store", "migrate", "--to", cluster().url, "--data-dir", dataDir, "--config", join(root, "x.json")]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give --data-dir or --config, not both/);
    const unknown = await cli(["store", "migrate", "--to", cluster().url, "--dta-dir", dataDir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option --dta-dir \(did you mean --data-dir\?\)/);
    const help = await cli(["help", "store"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: xks-proxy store migrate --to URL/);
  });
});
