/**
 * An admin change and its audit record commit together: a real daemon process acknowledges N
 * changes and is killed with SIGKILL right after the last answer; the SQLite file then holds N
 * audit records of them (before, records were queued in memory and 0 of 20 survived).
 */
import Database from "better-sqlite3";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { adminClient } from "./helpers/admin-client.js";
import { spawnDaemon, type DaemonProcess } from "./helpers/process.js";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

describe("admin changes survive kill -9 together with their audit records", () => {
  it("N acknowledged Blocks, then SIGKILL: N audit rows in the database", async () => {
    const root = mkdtempSync(join(tmpdir(), "xks-durable-"));
    const dataDir = join(root, "data");
    mkdirSync(dataDir);
    let p: DaemonProcess | undefined;
    cleanup.push(() => {
      if (p && p.child.exitCode === null) p.child.kill("SIGKILL");
      rmSync(root, { recursive: true, force: true });
    });
    p = await spawnDaemon(dataDir);
    const admin = adminClient(p.adminPort, p.token);
    const ks = await admin.keyStores("Create", { name: "durable", kms: "111122223333", region: "us-east-1" });
    const N = 20;
    for (let i = 0; i < N; i++) await admin.keyStores(i % 2 ? "Unblock" : "Block", { id: ks.id });
    p.child.kill("SIGKILL"); // immediately after the last acknowledgement
    const exit = await p.exited;
    expect(exit.signal).toBe("SIGKILL");
    admin.close();

    const db = new Database(join(dataDir, "xks-proxy.db"), { readonly: true });
    try {
      const rows = db
        .prepare(`SELECT operation, outcome FROM audit_records WHERE kind = 'admin' AND target_id = ? AND operation IN ('KeyStoreService.Block', 'KeyStoreService.Unblock')`)
        .all(ks.id) as { operation: string; outcome: string }[];
      expect(rows.filter((r) => r.outcome === "success")).toHaveLength(N);
      expect(rows.filter((r) => r.operation === "KeyStoreService.Block")).toHaveLength(N / 2);
      // and the store is in the state the last acknowledged call left it in (Unblock)
      expect((db.prepare(`SELECT blocked FROM key_stores WHERE id = ?`).get(ks.id) as { blocked: number }).blocked).toBe(0);
    } finally {
      db.close();
    }
  });
});
