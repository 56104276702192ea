/**
 * A private PostgreSQL cluster for a test file: initdb into a fresh temp dir, listening on
 * 127.0.0.1 at a free port and on a unix socket inside the dir, stopped and removed afterwards
 * (also when the test process exits early). The server refuses to run as root, so under root it
 * runs as the `postgres` user. A fresh cluster takes a few seconds: share one per test file.
 *
 * Auth: the superuser `postgres` over the unix socket without a password (trust; test setup and
 * fault injection), the test role over TCP with its password only (scram-sha-256), as a daemon
 * would connect.
 */
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "./process.js";

const run = promisify(execFile);

export interface PgCluster {
  readonly port: number;
  /** the unix socket directory (trust: no password over it) */
  readonly socketDir: string;
  /** the test role, owner of the test databases; TCP needs its password */
  readonly user: string;
  readonly password: string;
  /** the default test database (no password in it: pass `password` via PGPASSWORD or a file) */
  readonly url: string;
  urlFor(database: string): string;
  /** runs fn on a superuser connection over the unix socket (setup, pg_terminate_backend, ...) */
  admin<T>(fn: (c: pg.Client) => Promise<T>, database?: string): Promise<T>;
  /** a fresh empty database owned by the test role; returns its URL */
  createDatabase(name: string): Promise<string>;
  dropDatabase(name: string): Promise<void>;
  /** serves TLS (optional for clients) with this certificate and key from now on, for new sessions */
  enableTls(certPem: string, keyPem: string): Promise<void>;
  /** stops the server (fast shutdown: sessions are terminated), e.g. for an outage */
  stop(): Promise<void>;
  /** starts it again on the same port and data */
  start(): Promise<void>;
  /** stops it and removes its files */
  destroy(): Promise<void>;
}

/** The newest Debian server binaries (/usr/lib/postgresql/<version>/bin). */
function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server under ${root}/<version>/bin (apt-get install postgresql)`);
  return join(root, versions[0]!, "bin");
}

const asRoot = process.getuid?.() === 0;

/** argv for a server tool: as the postgres user under root, directly otherwise */
function tool(name: string, args: string[]): [string, string[]] {
  const bin = join(binDir(), name);
  return asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
}

async function runTool(name: string, args: string[]): Promise<void> {
  const [cmd, argv] = tool(name, args);
  try {
    await run(cmd, argv, { timeout: 90_000 });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${name} ${args.join(" ")} failed: ${err.stderr || err.stdout || err.message}`);
  }
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

export async function startPgCluster(): Promise<PgCluster> {
  const dir = mkdtempSync(join(tmpdir(), "xks-pg-"));
  const owner = asRoot
    ? {
        uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()),
        gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()),
      }
    : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, "data");
  const log = join(dir, "server.log");
  const user = "xks";
  const password = randomBytes(18).toString("base64url");
  let port = 0;
  let running = false;

  // an early exit of the test process must not leave a server behind
  const onExit = () => {
    if (!running) return;
    try {
      const [cmd, argv] = tool("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      execFileSync(cmd, argv, { stdio: "ignore" });
    } catch {
      // already gone
    }
  };
  process.on("exit", onExit);

  const ctl = (args: string[]) => runTool("pg_ctl", ["-D", data, ...args]);
  const start = async () => {
    await ctl(["-l", log, "-w", "-t", "60", "start"]);
    running = true;
  };
  const stop = async () => {
    await ctl(["-m", "fast", "-w", "-t", "60", "stop"]);
    running = false;
  };
  const urlFor = (db: string) => `postgres://${user}@127.0.0.1:${port}/${db}`;
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>, database = "postgres"): Promise<T> => {
    const c = new pg.Client({ host: join(dir, "sock"), port, user: "postgres", database });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };

  try {
    await runTool("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C"]);
    const conf = join(data, "postgresql.conf");
    const sockDir = join(dir, "sock");
    mkdirSync(sockDir, { mode: 0o700 });
    if (owner) chownSync(sockDir, owner.uid, owner.gid);
    // settings for a disposable test server: no durability work
    appendFileSync(
      conf,
      [
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${sockDir}'`,
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        "max_connections = 200",
        "",
      ].join("\n"),
    );
    // a free port can be taken by someone else before the server binds it: try another
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      appendFileSync(conf, `port = ${port}\n`);
      try {
        await start();
        break;
      } catch (e) {
        const bound = existsSync(log) && /could not bind|Address already in use/.test(readFileSync(log, "utf8"));
        if (!bound || attempt >= 3) throw e;
      }
    }
    await admin(async (c) => {
      await c.query(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
      await c.query(`CREATE DATABASE xks_test OWNER ${user}`);
    });
  } catch (e) {
    onExit();
    process.off("exit", onExit);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  return {
    port,
    socketDir: join(dir, "sock"),
    user,
    password,
    url: urlFor("xks_test"),
    urlFor,
    admin,
    async createDatabase(name) {
      if (!IDENT.test(name)) throw new Error(`database name ${name} must be a lower-case identifier`);
      await admin((c) => c.query(`CREATE DATABASE ${name} OWNER ${user}`));
      return urlFor(name);
    },
    async dropDatabase(name) {
      if (!IDENT.test(name)) throw new Error(`database name ${name} must be a lower-case identifier`);
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
    async enableTls(certPem, keyPem) {
      for (const [file, content] of [
        ["server.crt", certPem],
        ["server.key", keyPem],
      ] as const) {
        writeFileSync(join(data, file), content, { mode: 0o600 });
        if (owner) chownSync(join(data, file), owner.uid, owner.gid);
      }
      await admin(async (c) => {
        await c.query("ALTER SYSTEM SET ssl = on");
        await c.query("SELECT pg_reload_conf()");
      });
      // the reload is asynchronous: wait until a new session sees it
      for (let i = 0; ; i++) {
        const on = await admin(async (c) => (await c.query("SHOW ssl")).rows[0].ssl as string);
        if (on === "on") return;
        if (i > 500) throw new Error("the server did not turn TLS on after a reload");
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop,
    start,
    async destroy() {
      onExit();
      running = false;
      process.off("exit", onExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One cluster for the calling test file: started before its tests, destroyed after them. */
export function usePgCluster(): () => PgCluster {
  let cluster: PgCluster | undefined;
  beforeAll(async () => {
    cluster = await startPgCluster();
  }, 120_000);
  afterAll(async () => {
    await cluster?.destroy();
  });
  return () => {
    if (!cluster) throw new Error("the PostgreSQL cluster did not start (see beforeAll's error)");
    return cluster;
  };
}

/** How many sessions of the cluster wait for an advisory lock (in these tests: the writer lock). */
export const advisoryWaiters = (cluster: PgCluster): Promise<number> =>
  cluster.admin(async (c) => Number((await c.query("SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rows[0].n));

/** A promise and its resolver, to hold a transaction open at a chosen point. */
export function latch(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}
