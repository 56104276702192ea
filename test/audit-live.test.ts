/**
 * Audit that scales, against a real daemon over real HTTP and gRPC: a flood of requests with bad
 * signatures writes a bounded number of audit rows and log lines (the rest counted in summaries),
 * `audit export` writes every record once, in seq order, while records keep arriving, and
 * retention removes expired records from the database the daemon opens.
 */
import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAudit, type AuditListPage, type ListAudit } from "../src/cli/audit-export.js";
import { openStore } from "../src/store/index.js";
import { adminClient } from "./helpers/admin-client.js";
import { startTestDaemon, type TestDaemon } from "./helpers/daemon.js";
import { meta } from "./helpers/dataplane-suite.js";
import { eventually } from "./helpers/eventually.js";
import { openPgStore, STORE_ENGINES, useStoreEngines } from "./helpers/store-engines.js";
import { send, signedHeaders, signedPost } from "./helpers/sign.js";

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the admin API

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const LIMIT = 5; // audit.unauthenticatedFailuresPerSecond default
const ACCOUNT = "111122223333"; // the account of meta()'s kmsKeyArn

useStoreEngines();

describe.each(STORE_ENGINES)("audit on a live daemon, %s store", (engine) => {
  let t: TestDaemon;
  let tmp: string;

  beforeAll(async () => {
    t = await startTestDaemon({ store: engine });
    tmp = mkdtempSync(join(tmpdir(), "xks-audit-live-"));
  });

  afterAll(async () => {
    await t?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Runs `n` calls of `f`, at most `concurrency` at a time. */
  async function pool(n: number, concurrency: number, f: (i: number) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < n) await f(next++);
    }));
  }

  /** Every audit record matching `filter`, paged by seq cursor. */
  async function allRecords(filter: Row = {}): Promise<Row[]> {
    const out: Row[] = [];
    let after = 0;
    for (;;) {
      const page = (await t.admin.audit("List", { ...filter, after_seq: after, sort: "seq", limit: 1000 })).resources as Row[];
      out.push(...page);
      if (page.length < 1000) return out;
      after = page[page.length - 1]!.seq;
    }
  }

  const logLines = () =>
    t.logs
      .join("")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Row);

  describe("unauthenticated failures", () => {
    it("3,000 bad-signature requests write at most LIMIT rows per key store per second plus one summary each, and count the rest", async () => {
      const flooded = await t.admin.keyStores("Create", { name: "flooded", kms: ACCOUNT, region: "us-east-1" });
      const other = await t.admin.keyStores("Create", { name: "bystander", kms: ACCOUNT, region: "us-east-1" });
      const forged = { accessKeyId: flooded.access_key_id, secretAccessKey: randomBytes(30).toString("base64") };
      const pathOf = (ks: Row) => `${ks.aws_param.xks_proxy_uri_path}/keys/some-key/encrypt`;
      const body = JSON.stringify({ requestMetadata: meta("Encrypt"), plaintext: "AAAA", encryptionAlgorithm: "AES_GCM" });
      // signed once with a wrong secret and replayed: the daemon checks every one of them
      const floodHeaders = await signedHeaders(t.daemon.xksPort, pathOf(flooded), body, forged);
      const otherHeaders = await signedHeaders(t.daemon.xksPort, pathOf(other), body, { accessKeyId: other.access_key_id, secretAccessKey: forged.secretAccessKey });
      const logsBefore = logLines().length;

      // 3,000 for the flooded key store, with 30 for a second key store and 300 for a path no key store has mixed in
      const plan = Array.from({ length: 3330 }, (_, i) => (i % 111 === 55 ? "other" : i % 111 % 11 === 7 ? "unrouted" : "flooded"));
      const sent = { flooded: 0, other: 0, unrouted: 0 };
      for (const k of plan) sent[k as keyof typeof sent]++;
      expect(sent).toEqual({ flooded: 3000, other: 30, unrouted: 300 });
      const expected = { flooded: "401 AuthenticationFailedException", other: "401 AuthenticationFailedException", unrouted: "404 InvalidUriPathException" };
      const wrong: string[] = [];
      const started = Date.now();
      await pool(plan.length, 48, async (i) => {
        const kind = plan[i] as keyof typeof sent;
        const [path, headers] = kind === "other" ? [pathOf(other), otherHeaders] : kind === "unrouted" ? ["/no-such-store/kms/xks/v1/keys/k/encrypt", {}] : [pathOf(flooded), floodHeaders];
        const r = await send(t.daemon.xksPort, path, body, headers);
        if (`${r.status} ${String(r.json.errorName)}` !== expected[kind]) wrong.push(`${kind}: ${r.status} ${r.body}`);
      });
      const windows = Math.ceil((Date.now() - started) / 1000) + 1; // fixed 1 s windows the flood touched, at most
      expect(wrong).toEqual([]);

      for (const [ks, n] of [[flooded.id, sent.flooded], [other.id, sent.other]] as const) {
        // every request is accounted for once its window's summary is written
        const rows = await eventually(async () => {
          const r = await allRecords({ key_store_id: ks, kind: "xks" });
          expect(r.reduce((sum, x) => sum + Number(x.count), 0)).toBe(n);
          return r;
        }, 10_000);
        const single = rows.filter((r) => r.operation === "Encrypt");
        const summaries = rows.filter((r) => r.operation === "suppressed");
        expect(single.length + summaries.length).toBe(rows.length);
        expect(single.every((r) => r.error_name === "AuthenticationFailedException" && r.outcome === "failure" && r.count === 1)).toBe(true);
        expect(summaries.every((r) => r.error_name === "AuthenticationFailedException" && r.outcome === "failure" && r.count >= 1)).toBe(true);
        expect(single.length).toBeGreaterThanOrEqual(LIMIT); // the first ones of each key store are recorded in full
        expect(single.length).toBeLessThanOrEqual(windows * LIMIT);
        expect(summaries.length).toBeLessThanOrEqual(windows);
        if (ks === flooded.id) {
          expect(rows.length).toBeLessThan(n / 10); // not one row per request
          console.log(`flood: ${n} requests in ${windows - 1} s window(s) → ${single.length} rows + ${summaries.length} summaries`);
        }
      }

      // log lines: the same bound per key store (and for the unrouted path); summary lines count the rest
      await eventually(() => {
        const lines = logLines().slice(logsBefore);
        for (const [ks, name, n] of [[flooded.id, "AuthenticationFailedException", sent.flooded], [other.id, "AuthenticationFailedException", sent.other], [undefined, "InvalidUriPathException", sent.unrouted]] as const) {
          const logged = lines.filter((l) => l.msg === "xks request" && l.keyStoreId === ks && l.errorName === name).length;
          const summed = lines.filter((l) => l.msg === "xks request failures suppressed" && l.keyStoreId === ks && l.errorName === name).reduce((s, l) => s + l.suppressed, 0);
          expect(logged).toBeLessThanOrEqual(windows * LIMIT);
          expect(logged + summed).toBe(n);
        }
      }, 10_000);
    }, 120_000);
  });

  describe("other failures before authentication", () => {
    it("are limited per key store too, whatever their name (GET on a key store path, audited even with success auditing on)", async () => {
      const ks = await t.admin.keyStores("Create", { name: "probed", kms: ACCOUNT, region: "us-east-1", enable_success_audit_event: true });
      const path = `${ks.aws_param.xks_proxy_uri_path}/keys/k/encrypt`;
      const logsBefore = logLines().length;
      const started = Date.now();
      const statuses = new Set<number>();
      await pool(600, 24, async () => void statuses.add((await send(t.daemon.xksPort, path, "", {}, "GET")).status));
      const windows = Math.ceil((Date.now() - started) / 1000) + 1;
      expect([...statuses]).toEqual([405]);
      const rows = await eventually(async () => {
        const r = await allRecords({ key_store_id: ks.id, kind: "xks" });
        expect(r.reduce((sum, x) => sum + Number(x.count), 0)).toBe(600);
        return r;
      }, 10_000);
      expect(rows.every((r) => r.outcome === "failure")).toBe(true); // a 405 is no success
      expect(rows.filter((r) => r.operation !== "suppressed").length).toBeLessThanOrEqual(windows * LIMIT);
      expect(rows.filter((r) => r.operation === "suppressed").length).toBeLessThanOrEqual(windows);
      await eventually(() => {
        const lines = logLines().slice(logsBefore);
        const logged = lines.filter((l) => l.msg === "xks request" && l.keyStoreId === ks.id).length;
        const summed = lines.filter((l) => l.msg === "xks request failures suppressed" && l.keyStoreId === ks.id).reduce((n, l) => n + l.suppressed, 0);
        expect(logged).toBeLessThanOrEqual(windows * LIMIT);
        expect(logged + summed).toBe(600);
      }, 10_000);
    }, 60_000);
  });

  describe("admin calls without a valid token", () => {
    it("write at most LIMIT records per second in all, whatever ids they name, plus summaries", async () => {
      const anon = adminClient(t.daemon.adminPort, "not-the-token");
      try {
        const started = Date.now();
        let refused = 0;
        await pool(1000, 32, async (i) => {
          await anon.keyStores("Block", { id: `forged-${i}` }).catch((e: { code?: number }) => void (e.code === 16 && refused++));
        });
        const windows = Math.ceil((Date.now() - started) / 1000) + 1;
        expect(refused).toBe(1000);
        const rows = await eventually(async () => {
          const r = (await allRecords({ kind: "admin", outcome: "failure" })).filter((x) => x.error_name === "UNAUTHENTICATED");
          expect(r.reduce((sum, x) => sum + Number(x.count), 0)).toBe(1000);
          return r;
        }, 10_000);
        const single = rows.filter((r) => r.operation === "KeyStoreService.Block");
        expect(single.length).toBeLessThanOrEqual(windows * LIMIT);
        expect(rows.filter((r) => r.operation === "suppressed").length).toBeLessThanOrEqual(windows);
        expect(rows.every((r) => r.actor === "unauthenticated")).toBe(true);
      } finally {
        anon.close();
      }
    }, 60_000);
  });

  describe("audit export", () => {
    let tokenFile: string;
    beforeAll(() => {
      tokenFile = join(tmp, "admin.token");
      writeFileSync(tokenFile, t.daemon.adminToken, { mode: 0o600 });
    });

    /** `xks-proxy admin audit export <args>` as a user runs it: the built CLI against the test daemon. */
    const exportCli = (args: string[]): Promise<{ code: number; out: string; err: string }> => {
      const argv = [CLI, "admin", "audit", "export", "--address", `127.0.0.1:${t.daemon.adminPort}`, "--token-file", tokenFile, ...args];
      return new Promise((resolve) => {
        const child = execFile(process.execPath, argv, { cwd: tmp, env: { PATH: process.env.PATH }, timeout: 60_000, maxBuffer: 64 << 20 }, (err, out, errText) =>
          resolve({ code: child.exitCode ?? (err ? 1 : 0), out, err: errText }),
        );
      });
    };
    const jsonLines = (text: string): Row[] => text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Row);
    const list: ListAudit = (req) => t.admin.audit("List", req) as Promise<AuditListPage>;

    it("writes every record once, as JSON lines in seq order, while records keep arriving; resumes after a seq", async () => {
      const ks = await t.admin.keyStores("Create", { name: "exported", kms: ACCOUNT, region: "us-east-1", enable_success_audit_event: true });
      const cred = { accessKeyId: ks.access_key_id, secretAccessKey: ks.secret_access_key };
      const sk = await t.admin.sourceKeys("Create", {});
      const keyId = (await t.admin.hyokKeys("Create", { local_hosted_params: { custom_key_store_id: ks.id, source_key_id: sk.id } })).id;
      const path = `${ks.aws_param.xks_proxy_uri_path}/keys/${keyId}/encrypt`;
      const encrypt = async () => {
        const r = await signedPost(t.daemon.xksPort, path, { requestMetadata: meta("Encrypt"), plaintext: randomBytes(16).toString("base64"), encryptionAlgorithm: "AES_GCM" }, cred);
        expect(r.status).toBe(200);
      };
      await pool(1500, 16, encrypt); // more than one page of 1000

      // records keep arriving while the export pages
      let loading = true;
      let during = 0;
      const load = Promise.all(Array.from({ length: 4 }, async () => {
        while (loading) {
          await encrypt();
          during++;
        }
      }));
      const file = join(tmp, "audit.jsonl");
      let run: Awaited<ReturnType<typeof exportCli>>;
      try {
        // let some load land before and during the export
        await eventually(() => expect(during).toBeGreaterThan(20), 10_000);
        run = await exportCli(["--out", file]);
        const at = during;
        await eventually(() => expect(during).toBeGreaterThan(at + 20), 10_000); // and after it
      } finally {
        loading = false;
        await load;
      }
      expect(run.code, run.err).toBe(0);
      expect(run.out).toBe("");
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const text = readFileSync(file, "utf8");
      expect(text.endsWith("\n")).toBe(true);
      const rows = jsonLines(text);
      expect(rows.length).toBeGreaterThan(1500);
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.seq).toBeGreaterThan(rows[i - 1]!.seq);
      const last = rows[rows.length - 1]!.seq as number;
      expect(run.err).toBe(`exported ${rows.length} audit records (up to seq ${last}) to ${file}\n`);
      // exactly the trail up to the last exported seq: nothing skipped, nothing twice
      const trail = await allRecords();
      expect(rows.map((r) => r.id)).toEqual(trail.filter((r) => r.seq <= last).map((r) => r.id));
      expect(rows[0]).toMatchObject({ id: trail[0]!.id, seq: trail[0]!.seq, kind: trail[0]!.kind, createdAt: trail[0]!.createdAt });
      // records written after the export started are the next export's, resumed by seq
      const later = trail.filter((r) => r.seq > last);
      expect(later.length).toBeGreaterThan(0);
      const file2 = join(tmp, "audit-2.jsonl");
      const resumed = await exportCli(["--out", file2, "--after-seq", String(last)]);
      expect(resumed.code, resumed.err).toBe(0);
      expect(jsonLines(readFileSync(file2, "utf8")).map((r) => r.id)).toEqual(later.map((r) => r.id));

      // filters reach the daemon; without --out the lines go to standard output
      const filtered = await exportCli(["--kind", "admin", "--outcome=success", "--key-store-id", ks.id]);
      expect(filtered.code, filtered.err).toBe(0);
      expect(jsonLines(filtered.out).map((r) => r.operation)).toEqual(["KeyStoreService.Create", "HyokKeyService.Create"]);
      expect(filtered.err).toMatch(/^exported 2 audit records \(up to seq \d+\)\n$/);
    }, 120_000);

    it("never overwrites or follows a symlink and leaves no file when the daemon refuses; command-line mistakes exit 2 before any file", async () => {
      const existing = join(tmp, "existing.jsonl");
      writeFileSync(existing, "keep me\n");
      const victim = join(tmp, "victim");
      writeFileSync(victim, "victim\n");
      const link = join(tmp, "planted.jsonl");
      symlinkSync(victim, link);
      const refused = join(tmp, "refused.jsonl");
      const [overwrite, followed, since] = await Promise.all([exportCli(["--out", existing]), exportCli(["--out", link]), exportCli(["--out", refused, "--since", "yesterday"])]);
      expect(overwrite).toMatchObject({ code: 1, out: "", err: `xks-proxy: ${existing} already exists: the export never overwrites a file\n` });
      expect(readFileSync(existing, "utf8")).toBe("keep me\n");
      expect(followed).toMatchObject({ code: 1, err: expect.stringMatching(/already exists/) });
      expect(readFileSync(victim, "utf8")).toBe("victim\n");
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      // the file was created before the daemon answered; it is removed, not left empty
      expect(since).toMatchObject({ code: 1, err: expect.stringMatching(/^xks-proxy: INVALID_ARGUMENT: .*since/) });
      expect(existsSync(refused)).toBe(false);

      const out = join(tmp, "never.jsonl");
      const mistakes: [string[], RegExp][] = [
        [["--out", out, "--kindd", "xks"], /unknown flag --kindd for "audit export"; did you mean --kind\?/],
        [["--out", out, "--after-seq", "-1"], /--after-seq is out of range: -1 \(int: 0\.\.9007199254740991\)/],
        [["--out", out, "--after-seq", "1e3"], /--after-seq takes an integer \(int\), got "1e3"/],
        [["--out", out, "--kind", "xks", "--kind", "admin"], /--kind is given twice/],
        [["--out", out, "stray"], /unexpected argument "stray"/],
        [["--out", out, "--kind="], /--kind needs a value/],
        [["--out", out, "--output", "table"], /--output table is not available/],
        [["--out="], /--out needs a value/],
        [["--out"], /--out needs a value/],
      ];
      const runs = await Promise.all(mistakes.map(([args]) => exportCli(args)));
      runs.forEach((r, i) => expect(r, mistakes[i]![0].join(" ")).toMatchObject({ code: 2, out: "", err: expect.stringMatching(mistakes[i]![1]) }));
      expect(existsSync(out)).toBe(false);

      const help = await exportCli(["--out", out, "--help"]);
      expect(help.code).toBe(0);
      expect(help.out).toContain("usage: xks-proxy admin audit export [--flags]");
      for (const f of ["out", "key-store-id", "kind", "outcome", "operation", "key-id", "since", "until"]) expect(help.out).toContain(`--${f} <string>`);
      expect(help.out).toContain("--after-seq <int 0..9007199254740991>");

      // the cursor is checked by the daemon
      await expect(t.admin.audit("List", { after_seq: -5 })).rejects.toMatchObject({ code: 3, details: expect.stringMatching(/after_seq/) });
      await expect(t.admin.audit("List", { after_seq: 1, sort: "-seq" })).rejects.toMatchObject({ code: 3, details: expect.stringMatching(/after_seq pages in seq order/) });
      await expect(t.admin.audit("List", { after_seq: 2 ** 60 })).rejects.toMatchObject({ code: 3 });
    }, 60_000);

    it("removes a partial file when a later page fails, and refuses answers out of seq order", async () => {
      const io = { out: () => {}, err: () => {} };
      expect((await list({ limit: 1000 })).resources).toHaveLength(1000); // more than one page: the first is written before the second fails
      const partial = join(tmp, "partial.jsonl");
      let calls = 0;
      let linesBeforeFailure = 0;
      const dropsOnSecondPage: ListAudit = async (req) => {
        if (++calls === 3) {
          linesBeforeFailure = readFileSync(partial, "utf8").split("\n").length - 1;
          throw new Error("connection dropped");
        }
        return list(req);
      };
      await expect(exportAudit({ out: partial, filters: {}, afterSeq: 0 }, dropsOnSecondPage, io)).rejects.toThrow("connection dropped");
      expect(linesBeforeFailure).toBe(1000);
      expect(existsSync(partial)).toBe(false);

      const reordered = join(tmp, "reordered.jsonl");
      const reversed: ListAudit = async (req) => {
        const page = await list(req);
        return req.sort === "seq" ? { resources: [...page.resources].reverse() } : page;
      };
      await expect(exportAudit({ out: reordered, filters: { kind: "admin" }, afterSeq: 0 }, reversed, io)).rejects.toThrow(/not in seq order/);
      expect(existsSync(reordered)).toBe(false);
    });
  });

  describe("audit retention on the daemon", () => {
    it("deletes records older than 90 days from the database it opens, in the background", async () => {
      const d1 = await startTestDaemon({ store: engine });
      const dataDir = d1.dataDir;
      await d1.daemon.stop();
      d1.admin.close();
      // records written by a daemon that then stayed down for a long time
      const store = d1.pg ? await openPgStore(d1.pg) : await openStore(join(dataDir, "xks-proxy.db"));
      const old = new Date(Date.now() - 200 * 86_400_000).toISOString();
      const recent = new Date(Date.now() - 86_400_000).toISOString();
      await store.audit.insertMany(
        Array.from({ length: 12_000 }, (_, i) => ({
          id: randomUUID(), at: i < 11_000 ? old : recent, kind: "xks" as const, operation: "Encrypt", outcome: "success" as const,
          errorName: "", keyStoreId: "ks-old", keyId: "", kmsRequestId: `r${i}`, actor: "", targetId: "", count: 1,
        })),
      );
      await store.close();
      const d2 = await startTestDaemon({ dataDir, store: d1.pg ?? "sqlite" });
      try {
        await eventually(async () => {
          const left = await d2.admin.audit("List", { key_store_id: "ks-old", limit: 1 });
          expect(left.total).toBe(1000);
          expect(left.resources[0].kms_request_id).toBe("r11000"); // the oldest left is the first recent one
        }, 10_000);
        const line = d2.logs.map((l) => JSON.parse(l) as Row).find((l) => l.msg === "audit retention deleted records");
        expect(line).toMatchObject({ byAge: 11_000, byCount: 0 });
      } finally {
        await d2.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
});
