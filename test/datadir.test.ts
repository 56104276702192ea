/**
 * The data dir under hostile conditions, with real daemon processes: a dir others can write, a
 * planted symlink, files with the wrong mode, a full disk at first start, and master keys and
 * databases that do not belong together. Each is refused at start with one line naming the file.
 */
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lockDataDir } from "../src/datadir/lock.js";
import { adminClient } from "./helpers/admin-client.js";
import { type DaemonProcess, expectRefused, failedStart, scratch, spawnDaemon } from "./helpers/process.js";

const { dataDir, procs } = scratch("xks-dd-");

/** Config without admin tokens: the daemon uses (or generates) <dataDir>/admin.token. */
const FILE_TOKEN = { admin: { tokens: undefined } };

async function stop(p: DaemonProcess): Promise<void> {
  p.child.kill("SIGTERM");
  expect((await p.exited).code).toBe(0);
}

/** A daemon run once, leaving a key store (sealed credentials) and a local key in its database. */
async function populated(dir: string): Promise<void> {
  const p = await spawnDaemon(dir);
  procs.push(p);
  const admin = adminClient(p.adminPort, p.token);
  await admin.keyStores("Create", { name: `s-${randomBytes(3).toString("hex")}`, kms: "111122223333", region: "us-east-1" });
  await admin.sourceKeys("Create", {});
  admin.close();
  await stop(p);
}

describe("data dir ownership and modes", () => {
  it("a data dir writable by others is refused, naming it and the fix", async () => {
    const dir = dataDir();
    chmodSync(dir, 0o777);
    expectRefused(await failedStart(dir), new RegExp(`data dir ${dir} has mode 777.*chmod 700 ${dir}`));
    chmodSync(dir, 0o770);
    expectRefused(await failedStart(dir), /has mode 770.*not be writable by group or others/);
    expect(readdirSync(dir)).toEqual([]); // nothing was written into it
  });

  it("a data dir owned by another user is refused", async () => {
    const dir = dataDir();
    if (process.getuid?.() === 0) chownSync(dir, 65534, 65534);
    const target = process.getuid?.() === 0 ? dir : "/usr/share"; // any dir root owns will do for a non-root run
    expectRefused(await failedStart(target), /data dir .* is owned by uid \d+, but this process runs as uid \d+: run as the data dir's owner/);
  });

  it("a data dir below a parent that every user can write is refused (unless the parent is sticky, like /tmp)", async () => {
    const dir = dataDir();
    const parent = join(dir, "..");
    chmodSync(parent, 0o777);
    expectRefused(await failedStart(dir), new RegExp(`data dir ${dir} is inside .* \\(mode 777\\), which every user can write`));
    chmodSync(parent, 0o1777);
    const p = await spawnDaemon(dir);
    procs.push(p);
    await stop(p);
  });

  it("a data dir path that is a file is refused", async () => {
    const file = join(dataDir(), "..", "a-file");
    writeFileSync(file, "");
    expectRefused(await failedStart(file), new RegExp(`data dir ${file} cannot be created or read: EEXIST`));
  });

  it("a symlinked admin.token planted by another user is refused and its target left untouched", async () => {
    const dir = dataDir();
    const victim = join(dir, "..", "victim.txt");
    writeFileSync(victim, "victim-file-content-0123456789\n", { mode: 0o644 });
    chmodSync(victim, 0o644);
    symlinkSync(victim, join(dir, "admin.token"));
    expectRefused(await failedStart(dir, FILE_TOKEN), /admin token file .*admin\.token is a symbolic link/);
    expect(statSync(victim).mode & 0o777).toBe(0o644); // no chmod followed the link
    expect(readFileSync(victim, "utf8")).toBe("victim-file-content-0123456789\n");
  });

  it("secret files: symlinks, other modes and non-files are refused; a generated admin.token is 0600", async () => {
    const dir = dataDir();
    const p = await spawnDaemon(dir, FILE_TOKEN);
    procs.push(p);
    await stop(p);
    for (const f of ["master.key", "xks-proxy.db", "admin.token"]) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);

    chmodSync(join(dir, "admin.token"), 0o640);
    expectRefused(await failedStart(dir, FILE_TOKEN), /admin token file .* has mode 640; it must be 0600 \(chmod 600 /);
    chmodSync(join(dir, "admin.token"), 0o600);

    chmodSync(join(dir, "master.key"), 0o644);
    expectRefused(await failedStart(dir), /master key file .*master\.key has mode 644; it must be 0600/);
    chmodSync(join(dir, "master.key"), 0o600);

    chmodSync(join(dir, "xks-proxy.db"), 0o644);
    expectRefused(await failedStart(dir), /database file .*xks-proxy\.db has mode 644/);
    chmodSync(join(dir, "xks-proxy.db"), 0o600);

    const key = join(dir, "..", "elsewhere.key");
    copyFileSync(join(dir, "master.key"), key);
    chmodSync(key, 0o600);
    unlinkSync(join(dir, "master.key"));
    symlinkSync(key, join(dir, "master.key"));
    expectRefused(await failedStart(dir), /master key file .*master\.key is a symbolic link/);
    unlinkSync(join(dir, "master.key"));
    mkdirSync(join(dir, "master.key"), { mode: 0o700 });
    expectRefused(await failedStart(dir), /master key file .*master\.key is not a regular file/);
    rmSync(join(dir, "master.key"), { recursive: true });
    execFileSync("mkfifo", ["-m", "600", join(dir, "master.key")]); // a FIFO would block a plain open forever
    expectRefused(await failedStart(dir), /master key file .*master\.key is not a regular file/);
    rmSync(join(dir, "master.key"));
    copyFileSync(key, join(dir, "master.key"));

    const again = await spawnDaemon(dir, FILE_TOKEN); // put right, it starts again
    procs.push(again);
    await stop(again);
  });
});

describe("writing secret files", () => {
  it("a full disk at first start leaves no partial master key: the next start begins afresh", async () => {
    const dir = dataDir();
    // The lock file from an earlier start is already there; then every file is capped at 16 bytes
    // (RLIMIT_FSIZE: writes past it fail with EFBIG, as they would with ENOSPC on a full disk).
    lockDataDir(dir).release();
    const f = await failedStart(dir, {}, {}, ["prlimit", "--fsize=16"]);
    expectRefused(f, /master\.key could not be written: EFBIG/);
    expect(readdirSync(dir).sort()).toEqual(["daemon.lock"]); // no master.key, no temporary file
    const p = await spawnDaemon(dir);
    procs.push(p);
    expect(readFileSync(join(dir, "master.key"))).toHaveLength(32);
    await stop(p);
  });

  it("a full disk while the first database is written leaves neither it nor the new master key", async () => {
    const dir = dataDir();
    lockDataDir(dir).release();
    const f = await failedStart(dir, {}, {}, ["prlimit", "--fsize=4096"]);
    expectRefused(f, /database .*xks-proxy\.db could not be created/);
    expect(readdirSync(dir).sort()).toEqual(["daemon.lock"]);
    const p = await spawnDaemon(dir);
    procs.push(p);
    await stop(p);
  });
});

describe("master key and database belong together", () => {
  it("an empty (0-byte) master key is refused with the fix for its case", async () => {
    const dir = dataDir();
    writeFileSync(join(dir, "master.key"), "", { mode: 0o600 });
    expectRefused(await failedStart(dir), /master key file .* is empty \(0 bytes\), left by an interrupted first start, and there is no database: remove .*master\.key to start afresh/);
    unlinkSync(join(dir, "master.key"));
    await populated(dir);
    truncateSync(join(dir, "master.key"), 0);
    expectRefused(await failedStart(dir), /master key file .* is empty \(0 bytes\): restore it from the backup that goes with its database/);
  });

  it("an empty (0-byte) database is refused instead of starting with no key stores", async () => {
    const dir = dataDir();
    await populated(dir);
    truncateSync(join(dir, "xks-proxy.db"), 0);
    expectRefused(await failedStart(dir), /database .*xks-proxy\.db is empty \(0 bytes\) and would start with no key stores/);
  });

  it("a database with keys but no master key is refused; so is a master key without its database", async () => {
    const dir = dataDir();
    await populated(dir);
    const key = readFileSync(join(dir, "master.key"));
    unlinkSync(join(dir, "master.key"));
    expectRefused(await failedStart(dir), /database .*xks-proxy\.db exists but its master key .*master\.key is missing/);
    writeFileSync(join(dir, "master.key"), key, { mode: 0o600 });
    rmSync(join(dir, "xks-proxy.db"));
    expectRefused(await failedStart(dir), /master key .*master\.key exists but database .*xks-proxy\.db is missing/);
  });

  it("another data dir's master key is refused by the key check, even for a database with no secrets", async () => {
    const [a, b] = [dataDir(), dataDir()];
    for (const d of [a, b]) {
      const p = await spawnDaemon(d);
      procs.push(p);
      await stop(p);
    }
    copyFileSync(join(b, "master.key"), join(a, "master.key"));
    expectRefused(await failedStart(a), /master key .*master\.key does not belong to database .*xks-proxy\.db \(its key check does not open\)/);
  });

  it("a database from before key checks: its sealed secrets decide, then it gets a key check", async () => {
    const dir = dataDir();
    await populated(dir);
    const dropCheck = () => {
      const db = new Database(join(dir, "xks-proxy.db"));
      db.prepare("DELETE FROM store_meta").run();
      db.close();
    };
    const good = readFileSync(join(dir, "master.key"));
    dropCheck();
    writeFileSync(join(dir, "master.key"), randomBytes(32), { mode: 0o600 });
    expectRefused(await failedStart(dir), /does not belong to database .* \(its sealed secrets do not open\)/);
    writeFileSync(join(dir, "master.key"), good, { mode: 0o600 });
    const p = await spawnDaemon(dir);
    procs.push(p);
    await stop(p);
    const db = new Database(join(dir, "xks-proxy.db"), { readonly: true });
    expect(db.prepare("SELECT COUNT(*) AS n FROM store_meta WHERE name = 'master_key_check'").get()).toEqual({ n: 1 });
    db.close();
  });

  it("a file that is not a database, and a schema newer than this build, are refused", async () => {
    const dir = dataDir();
    await populated(dir);
    const db = new Database(join(dir, "xks-proxy.db"));
    db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'future')").run();
    db.close();
    expectRefused(await failedStart(dir), /database .*xks-proxy\.db cannot be opened: database schema version 99 is newer than this build knows \(\d+\); upgrade xks-proxy/);
    writeFileSync(join(dir, "xks-proxy.db"), randomBytes(8192), { mode: 0o600 });
    for (const f of ["xks-proxy.db-wal", "xks-proxy.db-shm"]) rmSync(join(dir, f), { force: true });
    expectRefused(await failedStart(dir), /database .*xks-proxy\.db cannot be opened: file is not a database/);
  });
});
