/** The `xks-proxy` command as a user runs it: the built CLI (dist/cli/main.js) in a real process. */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ENV_OVERRIDES } from "../src/config/env.js";
import { freePorts, spawnDaemon } from "./helpers/process.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "dist/cli/main.js");
const work = mkdtempSync(join(tmpdir(), "xks-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with only the given XKS_* variables (the runner's own are left out), to its exit. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = work): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toUpperCase().startsWith("XKS_")));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...base, ...env }, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // a command that should have refused to start but is running instead: fail, do not hang
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`xks-proxy ${args.join(" ")} still running after 20 s:\n${stdout}${stderr}`));
    }, 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function configFile(name: string, content: unknown): string {
  const file = join(work, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

/** ports and a data dir that a daemon which wrongly started would bind and create */
async function daemonEnv(): Promise<{ env: NodeJS.ProcessEnv; dataDir: string }> {
  const dataDir = join(mkdtempSync(join(work, "d-")), "data");
  const [xks, admin, metrics] = await freePorts(3);
  const env = { XKS_DATA_DIR: dataDir, XKS_HTTP_PORT: String(xks), XKS_ADMIN_PORT: String(admin), XKS_METRICS_PORT: String(metrics) };
  return { env, dataDir };
}

describe("xks-proxy serve refuses what it does not understand, before starting anything", () => {
  it("an unknown flag exits 2 naming it, with the nearest valid one, and never starts", async () => {
    const { env, dataDir } = await daemonEnv();
    const r = await cli(["serve", "--confg", configFile("c.json", {})], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^xks-proxy: serve: unknown option --confg \(did you mean --config\?\)\n/);
    expect(existsSync(dataDir)).toBe(false);
    for (const args of [["serve", "extra"], ["serve", "--config"], ["serve", "--config="], ["serve", "--config", "a.json", "--config", "b.json"], ["serve", "--help=yes"], ["--config", "a.json", "serve"]]) {
      const x = await cli(args, env);
      expect(x.code, args.join(" ")).toBe(2);
      expect(x.stderr, args.join(" ")).toMatch(/^xks-proxy: /);
    }
    expect(existsSync(dataDir)).toBe(false);
  });

  it("an unknown config key is one configuration-error line with the suggestion, exit 2", async () => {
    const { env, dataDir } = await daemonEnv();
    const r = await cli(["serve", "--config", configFile("prot.json", { xks: { prot: 8443 } })], env);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toBe("xks-proxy: configuration error: unknown key xks.prot (did you mean xks.port?)\n");
    expect(existsSync(dataDir)).toBe(false);
  });

  it("a bad environment override is named by its variable; an unknown XKS_* variable or a missing PIN is refused", async () => {
    const { env, dataDir } = await daemonEnv();
    const bad = await cli(["serve"], { ...env, XKS_HTTP_PORT: "abc" });
    expect(bad).toMatchObject({ code: 2, stderr: 'xks-proxy: configuration error: XKS_HTTP_PORT="abc": must be an integer in 0..65535\n' });
    const typo = await cli(["serve"], { ...env, XKS_HTTP_PROT: "8443" });
    expect(typo).toMatchObject({ code: 2, stderr: "xks-proxy: configuration error: unknown environment variable XKS_HTTP_PROT (did you mean XKS_HTTP_PORT?)\n" });
    const empty = await cli(["serve"], { ...env, XKS_CONFIG: "" });
    expect(empty).toMatchObject({ code: 2, stderr: "xks-proxy: configuration error: XKS_CONFIG is set but empty\n" });
    const pkcs11 = { modulePath: "/usr/lib/softhsm/libsofthsm2.so", partitions: [{ label: "p1", pinEnv: "XKS_T_PIN" }] };
    const noPin = await cli(["serve", "--config", configFile("serve-nopin.json", { pkcs11 })], env);
    expect(noPin).toMatchObject({ code: 2, stderr: "xks-proxy: configuration error: PIN for partition p1: environment variable XKS_T_PIN is not set\n" });
    const missing = await cli(["serve"], { ...env, XKS_CONFIG: join(work, "nope.json") });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^xks-proxy: configuration error: cannot read config file .*nope.json: ENOENT/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it("starts with the variables other readers own in its environment (admin CLI, PIN, fault shim)", async () => {
    const p = await spawnDaemon(mkdtempSync(join(work, "ok-")), {}, { XKS_ADMIN_TOKEN: "not-the-daemons", XKS_ADMIN_ADDRESS: "127.0.0.1:1", XKS_SHIM_LATENCY_US: "0" });
    p.child.kill("SIGTERM");
    expect(await p.exited).toEqual({ code: 0, signal: null });
  });
});

describe("xks-proxy help and version", () => {
  it("-h, --help and help exit 0 with the usage; no command exits 2", async () => {
    for (const arg of ["-h", "--help", "help"]) {
      const r = await cli([arg]);
      expect(r.code, arg).toBe(0);
      expect(r.stdout, arg).toMatch(/^xks-proxy \S+ - AWS KMS External Key Store proxy\n\nusage:\n/);
      for (const cmd of ["serve [--config FILE]", "config check [--config FILE]", "config schema", "admin <noun> <verb>", "--version"]) expect(r.stdout, arg).toContain(`xks-proxy ${cmd}`);
    }
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("usage:");
    const typo = await cli(["srve"]);
    expect(typo).toMatchObject({ code: 2, stderr: 'xks-proxy: unknown command srve (did you mean serve?)\nRun "xks-proxy --help" for usage.\n' });
  });

  it("serve --help lists serve's flags and every environment variable, exit 0", async () => {
    for (const args of [["serve", "--help"], ["serve", "-h"], ["help", "serve"]]) {
      const r = await cli(args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stdout).toMatch(/^usage: xks-proxy serve \[--config FILE\]\n/);
      expect(r.stdout).toContain("--config FILE");
      expect(r.stdout).toContain("-h, --help");
      for (const name of ["XKS_CONFIG", ...ENV_OVERRIDES.map((o) => o.name)]) expect(r.stdout, name).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
    }
    for (const args of [["config", "--help"], ["config", "check", "-h"], ["config", "schema", "--help"]]) {
      const r = await cli(args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stdout).toMatch(/^usage: xks-proxy config check \[--config FILE\]/);
    }
  });

  it("--version prints the package version, the git commit it was built from and the Node.js version", async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const info = join(ROOT, "dist/build-info.json");
    const commit = existsSync(info) ? (JSON.parse(readFileSync(info, "utf8")) as { commit: string }).commit : "unknown";
    // built from a checkout with git at hand (npm run build): a commit hash (HEAD's when dist is fresh)
    const head = await new Promise<string>((resolve) => {
      let out = "";
      const git = spawn("git", ["rev-parse", "HEAD"], { cwd: ROOT, stdio: ["ignore", "pipe", "ignore"] });
      git.stdout.on("data", (d: Buffer) => (out += d.toString()));
      git.on("error", () => resolve(""));
      git.on("exit", (code) => resolve(code === 0 ? out.trim() : ""));
    });
    if (head) expect(commit).toMatch(/^[0-9a-f]{40}(-dirty)?$/);
    const r = await cli(["--version"]);
    expect(r).toMatchObject({ code: 0, stdout: `xks-proxy ${pkg.version} (commit ${commit}, node ${process.version})\n` });
    expect((await cli(["--version", "extra"])).code).toBe(2);
  });

  it("a build without git, or outside its own checkout, succeeds and leaves no stale commit", async () => {
    const dir = mkdtempSync(join(work, "nogit-"));
    mkdirSync(join(dir, "scripts"));
    mkdirSync(join(dir, "dist"));
    copyFileSync(join(ROOT, "scripts/build-info.mjs"), join(dir, "scripts/build-info.mjs"));
    writeFileSync(join(dir, "dist/build-info.json"), '{"commit":"stale"}');
    const run = (env: NodeJS.ProcessEnv) =>
      new Promise<number | null>((resolve) => spawn(process.execPath, [join(dir, "scripts/build-info.mjs")], { env, stdio: "ignore" }).on("exit", resolve));
    // not a checkout of its own (inside a temp dir), then no git at all: exit 0, the stale file gone
    expect(await run(process.env)).toBe(0);
    expect(existsSync(join(dir, "dist/build-info.json"))).toBe(false);
    writeFileSync(join(dir, "dist/build-info.json"), '{"commit":"stale"}');
    expect(await run({ PATH: "/nonexistent" })).toBe(0);
    expect(existsSync(join(dir, "dist/build-info.json"))).toBe(false);
  });
});

describe("xks-proxy config", () => {
  it("check prints the effective configuration with the admin tokens redacted, exit 0", async () => {
    const tokens = ["file-token-0123456789abcdef", "file-token-fedcba9876543210"];
    const file = configFile("check.json", {
      $schema: "./xks-proxy.schema.json",
      xks: { port: 1234 },
      admin: { tokens },
      pkcs11: { modulePath: "/usr/lib/softhsm/libsofthsm2.so", partitions: [{ label: "p1", pinEnv: "XKS_T_PIN", sessions: 2 }] },
    });
    const r = await cli(["config", "check", "--config", file], { XKS_HTTP_PORT: "8443", XKS_T_PIN: "1234", XKS_LOG_LEVEL: "warn" });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const cfg = JSON.parse(r.stdout) as { xks: { port: number }; admin: { tokens: string }; log: { level: string }; pkcs11: { partitions: { maxQueue: number }[] }; dataDir: string };
    expect(cfg.xks.port).toBe(8443);
    expect(cfg.log.level).toBe("warn");
    expect(cfg.admin.tokens).toBe("<redacted: 2 tokens>");
    expect(cfg.pkcs11.partitions[0]!.maxQueue).toBe(64);
    expect(cfg.dataDir).toBe(join(work, "data"));
    for (const secret of [...tokens, "1234"]) expect(r.stdout).not.toContain(secret);
    // env tokens too; XKS_CONFIG names the file when --config is absent
    const viaEnv = await cli(["config", "check"], { XKS_CONFIG: file, XKS_T_PIN: "1234", XKS_ADMIN_TOKENS: "env-token-0123456789abcdef" });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.stdout).toContain('"tokens": "<redacted: 1 token>"');
    expect(viaEnv.stdout).not.toContain("env-token");
  });

  it("check exits 2 with one line when the configuration or a PIN source is missing", async () => {
    const file = configFile("nopin.json", { pkcs11: { modulePath: "/x.so", partitions: [{ label: "p1", pinEnv: "XKS_T_PIN" }] } });
    const r = await cli(["config", "check", "--config", file]);
    expect(r).toMatchObject({ code: 2, stdout: "", stderr: "xks-proxy: configuration error: PIN for partition p1: environment variable XKS_T_PIN is not set\n" });
    const bad = await cli(["config", "check", "--config", configFile("bad.json", '{"xks": {"port": 1, "port": 2}}')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^xks-proxy: configuration error: config file .*bad.json has the key xks.port more than once\n$/);
    expect((await cli(["config", "chek"])).stderr).toMatch(/^xks-proxy: config: unknown command chek \(did you mean check\?\)/);
  });

  it("check validates the shipped examples", async () => {
    expect((await cli(["config", "check", "--config", join(ROOT, "config/dev.json")])).code).toBe(0);
    const luna = await cli(["config", "check", "--config", join(ROOT, "config/luna.example.json")], { XKS_LUNA_PIN: "1234" });
    expect(luna).toMatchObject({ code: 0, stderr: "" });
  });

  it("schema prints the committed config/xks-proxy.schema.json", async () => {
    const r = await cli(["config", "schema"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(ROOT, "config/xks-proxy.schema.json"), "utf8"));
  });
});
