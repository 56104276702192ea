/**
 * The better-sqlite3 addon check: an addon built against Node 24.19+ headers (its node::ObjectWrap
 * destructor removes an environment cleanup hook and aborts the process when V8 collects a
 * statement outside a context) is recognised by its import of that function; this run's addon,
 * built as the README says, is not.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importsCleanupHookRemoval, openDatabase } from "../src/store/sqlite/addon.js";

const dir = mkdtempSync(join(tmpdir(), "xks-addon-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const require = createRequire(import.meta.url);

describe("better-sqlite3 addon check", () => {
  it("opens a database with this run's addon, which does not import node::RemoveEnvironmentCleanupHook", () => {
    const db = openDatabase(":memory:");
    expect(db.prepare("select 1 as one").get()).toEqual({ one: 1 });
    db.close();
    const addon = Object.keys(require.cache).find((k) => k.endsWith("better_sqlite3.node"));
    expect(addon).toBeDefined();
    expect(importsCleanupHookRemoval(addon!)).toBe(false);
  });

  it("recognises an addon that imports the removal among its dynamic symbols", () => {
    const symbols = ["_ZN4node25AddEnvironmentCleanupHookEPN2v87IsolateEPFvPvES3_", "_ZN4node28RemoveEnvironmentCleanupHookEPN2v87IsolateEPFvPvES3_"];
    const hazard = join(dir, "hazard.node");
    writeFileSync(hazard, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.from(`\0${symbols.join("\0")}\0`, "latin1")]));
    expect(importsCleanupHookRemoval(hazard)).toBe(true);
    const safe = join(dir, "safe.node");
    writeFileSync(safe, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.from(`\0${symbols[0]}\0`, "latin1")]));
    expect(importsCleanupHookRemoval(safe)).toBe(false);
  });
});
