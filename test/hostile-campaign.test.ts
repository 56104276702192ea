/**
 * Hostile inputs found by the issue-9 campaign against the built daemon and CLI, each with the
 * answer it gets now: real daemon on loopback, the built CLI spawned as a user would run it.
 */
import { execFile } from "node:child_process";
import { connect, type Socket } from "node:net";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDaemon, type TestDaemon } from "./helpers/daemon.js";
import { eventually } from "./helpers/eventually.js";
import { scratch, spawnDaemon } from "./helpers/process.js";
import { send } from "./helpers/sign.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

interface Run {
  code: number;
  out: string;
  err: string;
}

const { dataDir } = scratch("xks-hostile-proc-");
let tmp: string;
let d: TestDaemon;
let address: string;

/** Spawns the built CLI with only PATH and the given env, in a scratch directory. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, cwd: tmp, timeout: 20_000 }, (err, out, errText) =>
      resolve({ code: child.exitCode ?? (err ? 1 : 0), out, err: errText }),
    );
  });
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "xks-hostile-"));
  d = await startTestDaemon();
  address = `127.0.0.1:${d.daemon.adminPort}`;
});
afterAll(async () => {
  await d?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe("admin CLI token sources", () => {
  it("--token-file /dev/zero: refused with exit 2 (was a native std::bad_alloc abort)", async () => {
    const r = await cli(["admin", "keystore", "list", "--token-file", "/dev/zero", "--address", address]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("xks-proxy: cannot read the token file /dev/zero: larger than 65536 bytes\n");
  });

  it("a token with a control character is refused without printing it (grpc-js quoted the whole value)", async () => {
    const env = await cli(["admin", "keystore", "list", "--address", address], { XKS_ADMIN_TOKEN: "secret-part-one\nsecret-part-two" });
    expect(env.code).toBe(2);
    expect(env.err).toBe("xks-proxy: the admin token read from the environment variable XKS_ADMIN_TOKEN contains characters a bearer token cannot have (only visible ASCII; the token is not printed)\n");
    const file = join(tmp, "nonascii.token");
    writeFileSync(file, "sécret-token-0123456789\n", { mode: 0o600 });
    const f = await cli(["admin", "keystore", "list", "--token-file", file, "--address", address]);
    expect(f.code).toBe(2);
    expect(f.err).not.toContain("cret-token");
    expect(f.err).toContain(`--token-file ${file} contains characters a bearer token cannot have`);
  });

  it("XKS_ADMIN_TOKEN set but empty is refused, not taken as 'use ./data/admin.token'", async () => {
    const data = join(tmp, "data");
    mkdirSync(data, { mode: 0o700, recursive: true });
    writeFileSync(join(data, "admin.token"), d.daemon.adminToken, { mode: 0o600 });
    const r = await cli(["admin", "keystore", "list", "--address", address], { XKS_ADMIN_TOKEN: "" });
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe("xks-proxy: XKS_ADMIN_TOKEN is set but empty: give the token, or unset it to use --token-file or the default token file\n");
    const unset = await cli(["admin", "keystore", "list", "--address", address]);
    expect(unset.code, unset.err).toBe(0); // the default file still works when the variable is not set
  });
});

describe("config check", () => {
  it("a pinFile of /dev/zero: one configuration error, exit 2 (was a native std::bad_alloc abort)", async () => {
    const file = join(tmp, "pin-zero.json");
    writeFileSync(file, JSON.stringify({ dataDir: join(tmp, "d"), pkcs11: { modulePath: "/usr/lib/softhsm/libsofthsm2.so", partitions: [{ label: "p", pinFile: "/dev/zero" }] } }));
    const r = await cli(["config", "check", "--config", file]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("xks-proxy: configuration error: PIN for partition p: cannot read a PIN from /dev/zero\n");
  });
});

describe("admin names", () => {
  const base = { kms: "111122223333", region: "us-east-1" };
  it("invisible format characters and line separators are INVALID_ARGUMENT (no look-alike second 'names')", async () => {
    await d.admin.keyStores("Create", { ...base, name: "lookalike" });
    for (const name of ["lookalike\u200b", "look\u202ealike", "\u2060lookalike", "look\u2028alike", "look\u00adalike", "look\u0085alike"]) {
      const e = await d.admin.keyStores("Create", { ...base, name }).then(
        () => undefined,
        (err: { code: number; details: string }) => err,
      );
      expect(e?.code, JSON.stringify(name)).toBe(3); // INVALID_ARGUMENT
      expect(e?.details).toMatch(/^name: must not contain (control characters|invisible format characters or line separators)/);
    }
    const ks = await d.admin.keyStores("Create", { ...base, name: "lookalike-2" });
    const upd = await d.admin.keyStores("Update", { id: ks.id, name: "lookalike\u200d" }).then(
      () => undefined,
      (err: { code: number }) => err,
    );
    expect(upd?.code).toBe(3);
    // ordinary non-ASCII names stay fine
    expect((await d.admin.keyStores("Create", { ...base, name: "clé-magasin-東京" })).name).toBe("clé-magasin-東京");
  });
});

describe("audit time filters", () => {
  it("a day past the month's end is INVALID_ARGUMENT, not rolled over into the next month", async () => {
    for (const since of ["2026-02-30", "2026-02-29T10:00:00Z", "2026-04-31T00:00:00+02:00"]) {
      const e = await d.admin.audit("List", { since }).then(
        () => undefined,
        (err: { code: number; details: string }) => err,
      );
      expect(e?.code, since).toBe(3);
      expect(e?.details).toBe(`since: must be an ISO 8601 time such as 2024-01-31T12:00:00Z, got "${since}"`);
    }
    // real days, leap day included, still work
    for (const since of ["2024-02-29", "2026-01-31T23:59:59Z", "2026-12-31T00:00:00+02:00"]) await d.admin.audit("List", { since, until: "2999-01-01" });
  });
});

describe("admin error messages that echo caller input", () => {
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (err: { code: number; details: string }) => err,
    );

  it("a 200,000-character id is NOT_FOUND with a bounded message (the trailer was too large: the call hung to its deadline, and the channel with it)", async () => {
    for (const id of ["x".repeat(200_000), "x".repeat(60_000)]) {
      const e = await failure(d.admin.sourceKeys("Get", { id }));
      expect(e?.code).toBe(5); // NOT_FOUND, not DEADLINE_EXCEEDED
      expect(e!.details.length).toBeLessThanOrEqual(512);
      expect(e!.details).toMatch(/^source key x+\.\.\.$/);
    }
    // the same channel still answers
    const after = await failure(d.admin.sourceKeys("Get", { id: "no-such-key" }));
    expect(after?.details).toBe("source key no-such-key does not exist");
  });

  it("control and format characters in an echoed id come back as '?', on one line", async () => {
    const e = await failure(d.admin.keyStores("Get", { id: "a\nb\u0000c\u202ed\u2028e" }));
    expect(e?.code).toBe(5);
    expect(e?.details).toBe("key store a?b?c?d?e does not exist");
  });
});

describe("silent connections to the admin and metrics ports", () => {
  for (const [part, cap] of [["admin", 128], ["metrics", 32]] as const) {
    it(`420 silent TCP connections to the ${part} port cannot take the process's descriptors: XKS keeps accepting (was ECONNREFUSED)`, async () => {
      const p = await spawnDaemon(dataDir(), { xks: { threads: 1 } }, {}, ["prlimit", "--nofile=400:400"]);
      const held: Socket[] = [];
      let closedByServer = 0;
      try {
        for (let i = 0; i < 420; i++) {
          const s = connect(part === "admin" ? p.adminPort : p.metricsPort, "127.0.0.1");
          s.on("error", () => undefined);
          s.on("close", () => closedByServer++);
          held.push(s);
        }
        // the listener holds `cap` of them and closes the rest at once
        await eventually(() => expect(closedByServer).toBeGreaterThanOrEqual(420 - cap), 10_000);
        expect((await send(p.xksPort, "/ping", "", {}, "GET")).status).toBe(200);
      } finally {
        held.forEach((s) => s.destroy());
      }
      // once they are gone, the port serves again
      if (part === "admin") {
        const r = await eventually(() => cli(["admin", "keystore", "list", "--address", `127.0.0.1:${p.adminPort}`], { XKS_ADMIN_TOKEN: p.token }).then((x) => (expect(x.code, x.err).toBe(0), x)), 10_000);
        expect(JSON.parse(r.out).total).toBe(0);
      } else {
        await eventually(async () => expect((await send(p.metricsPort, "/metrics", "", {}, "GET")).body).toContain("xks_build_info"), 10_000);
      }
    });
  }
});

describe("answer-only fields in create requests", () => {
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (err: { code: number; details: string }) => err,
    );
  const base = { kms: "111122223333", region: "us-east-1" };

  it("a HYOK key's externalKeyId given on create is INVALID_ARGUMENT (was silently replaced by a new UUID); linked_state is acted on, never dropped", async () => {
    const ks = await d.admin.keyStores("Create", { ...base, name: "answers-hyok" });
    const sk = await d.admin.sourceKeys("Create", {});
    const lhp = { custom_key_store_id: ks.id, source_key_id: sk.id };
    const id = await failure(d.admin.hyokKeys("Create", { local_hosted_params: lhp, aws_param: { XksKeyConfiguration: { Id: "my-external-key-1" } } }));
    expect([id?.code, id?.details]).toEqual([3, "aws_param.XksKeyConfiguration.Id: is filled in by the proxy in its answers and cannot be given in a request"]);
    // linked_state on create asks for the AWS KMS key too (hyokkey create --linked-state): on a store
    // not linked with AWS it is refused before anything is written, never silently dropped
    const linked = await failure(d.admin.hyokKeys("Create", { local_hosted_params: { ...lhp, linked_state: true } }));
    expect(linked?.code).toBe(9);
    expect(linked?.details).toContain(`key store ${ks.id} is not linked with AWS KMS`);
    expect((await d.admin.hyokKeys("List", { custom_key_store_id: ks.id })).total).toBe(0); // nothing was created
    expect((await d.admin.hyokKeys("Create", { local_hosted_params: lhp })).custom_key_store_id).toBe(ks.id);
  });

  it("a key store's connection_state, AWS-side id, container type or another AWS name on create is INVALID_ARGUMENT", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ aws_param: { connection_state: "CONNECTED" } }, "aws_param.connection_state: is filled in by the proxy"],
      [{ aws_param: { custom_key_store_id: "cks-1234567890abcdef0" } }, "aws_param.custom_key_store_id: is filled in by the proxy"],
      [{ local_hosted_params: { source_container_type: "hsm" } }, "local_hosted_params.source_container_type: is filled in by the proxy"],
      [{ aws_param: { custom_key_store_name: "another-name" } }, "aws_param.custom_key_store_name: is the key store's name in AWS KMS"],
    ];
    for (const [extra, message] of cases) {
      const e = await failure(d.admin.keyStores("Create", { ...base, name: "answers-ks", ...extra }));
      expect(e?.code, JSON.stringify(extra)).toBe(3);
      expect(e?.details).toContain(message);
    }
    // the store's own name as its AWS name is fine
    expect((await d.admin.keyStores("Create", { ...base, name: "answers-ks", aws_param: { custom_key_store_name: "answers-ks" } })).name).toBe("answers-ks");
  });
});
