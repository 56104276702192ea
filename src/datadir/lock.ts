/**
 * One daemon per data dir. The lock is SQLite's exclusive lock on `<dataDir>/daemon.lock`, held by
 * one connection in `locking_mode=EXCLUSIVE` for the life of the process. SQLite takes it with a
 * POSIX fcntl lock, which the kernel drops when the process dies however it dies (kill -9, OOM,
 * power loss of a container), so a crash never leaves a stale lock behind; and SQLite tracks its
 * locks per inode inside a process as well, so a second daemon started in the same process (tests)
 * is refused too. Node has no flock(2); this reuses the native SQLite we already ship.
 * The holder then writes its pid to `<dataDir>/daemon.pid` (atomically) so that a refused daemon
 * can name it; the pid file is informative only - the lock decides.
 */
import type Database from "better-sqlite3";
import { openDatabase } from "../store/sqlite/addon.js";
import { readFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { DataDirError, writeSecretFileAtomic } from "./secure-file.js";

export const LOCK_FILE = "daemon.lock";
export const PID_FILE = "daemon.pid";

export interface DataDirLock {
  release(): void;
}

function holderPid(dir: string): string {
  try {
    const pid = readFileSync(join(dir, PID_FILE), "utf8").trim();
    return /^\d+$/.test(pid) ? `pid ${pid}` : "an unknown pid";
  } catch {
    return "a pid not yet written";
  }
}

/** Takes the data dir's lock or throws a one-line error naming the dir and the holder's pid. */
export function lockDataDir(dir: string): DataDirLock {
  const path = join(dir, LOCK_FILE);
  let db: Database.Database | undefined;
  try {
    db = openDatabase(path, { timeout: 0 });
    db.pragma("locking_mode = EXCLUSIVE");
    db.pragma("journal_mode = MEMORY");
    // the first write in exclusive locking mode takes the lock; it is kept until the connection closes
    db.exec("CREATE TABLE IF NOT EXISTS daemon (one INTEGER); BEGIN EXCLUSIVE; COMMIT");
  } catch (e) {
    db?.close();
    if ((e as { code?: string }).code === "SQLITE_BUSY") {
      throw new DataDirError(`data dir ${dir} is in use by another xks-proxy daemon (${holderPid(dir)}); stop it first or use another data dir`);
    }
    throw new DataDirError(`cannot lock data dir ${dir} (${path}): ${(e as Error).message}`);
  }
  const pidFile = join(dir, PID_FILE);
  const held = db;
  try {
    writeSecretFileAtomic(pidFile, `${process.pid}\n`);
  } catch (e) {
    held.close();
    throw e;
  }
  return {
    release() {
      if (!held.open) return;
      try {
        unlinkSync(pidFile); // while still holding the lock: never someone else's pid file
      } catch {
        // already gone
      }
      held.close();
    },
  };
}
