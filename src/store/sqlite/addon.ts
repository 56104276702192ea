import Database from "better-sqlite3";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * Every SQLite file this project opens goes through here, so that a better-sqlite3 addon that would
 * abort the process later is refused on first use instead.
 *
 * better-sqlite3 12 wraps its objects in `node::ObjectWrap`, which is compiled into the addon from
 * the Node headers it was built against. Since Node 24.19.0 (and 26.4.0) that header's destructor
 * calls `node::RemoveEnvironmentCleanupHook`, which aborts the process when V8 collects a statement
 * with no context entered (nodejs/node#65446): at random, under load or at exit. An addon built
 * against older headers (Node 20, 22, 24.18.1) does not import that function and runs on every 24.x.
 */
const HAZARD_SYMBOL = "_ZN4node28RemoveEnvironmentCleanupHookEPN2v87IsolateEPFvPvES3_";
const require = createRequire(import.meta.url);
let checked = false;

/** Whether an addon file imports the cleanup-hook removal (`node::ObjectWrap` from 24.19+ headers). */
export function importsCleanupHookRemoval(addonPath: string): boolean {
  return readFileSync(addonPath).includes(HAZARD_SYMBOL, 0, "latin1");
}

function assertSafeAddon(): void {
  const addon = Object.keys(require.cache).find((k) => /[\\/]better_sqlite3\.node$/.test(k));
  if (!addon) throw new Error("better-sqlite3's native addon is not among the loaded modules: cannot check how it was built");
  if (importsCleanupHookRemoval(addon)) {
    throw new Error(
      `better-sqlite3's native addon (${addon}) was built against Node headers whose node::ObjectWrap aborts the process when a statement is collected (Node 24.19+, nodejs/node#65446); rebuild it against Node 24.18.1's headers (README, "Node.js versions")`,
    );
  }
  checked = true;
}

export function openDatabase(path: string, options?: Database.Options): Database.Database {
  const db = new Database(path, options);
  if (!checked) {
    try {
      assertSafeAddon();
    } catch (e) {
      db.close();
      throw e;
    }
  }
  return db;
}
