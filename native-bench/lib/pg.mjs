// A private PostgreSQL cluster for a bench run (as test/helpers/postgres.ts does for the tests):
// initdb into a temp dir, 127.0.0.1 on a free port plus a unix socket in that dir, run as the
// `postgres` user under root (the server refuses root), stopped when the bench process exits.
// The superuser `postgres` has trust over the socket; the daemons' role `xks` logs in over TCP
// with a password (scram-sha-256), which each node reads from a 0600 file.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "./proc.mjs";

const asRoot = process.getuid?.() === 0;

function binDir() {
  const root = "/usr/lib/postgresql";
  const v = existsSync(root) ? readdirSync(root).filter((x) => /^\d+$/.test(x) && existsSync(join(root, x, "bin/initdb"))).sort((a, b) => b - a) : [];
  if (!v.length) throw new Error(`no PostgreSQL server under ${root}/<version>/bin (apt-get install postgresql)`);
  return join(root, v[0], "bin");
}

function tool(name, args) {
  const bin = join(binDir(), name);
  const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  try {
    execFileSync(cmd, argv, { stdio: "pipe", timeout: 90_000 });
  } catch (e) {
    throw new Error(`${name} ${args.join(" ")} failed: ${e.stderr || e.stdout || e.message}`);
  }
}

/**
 * Starts a cluster → { port, url(db), password, passwordFile, admin(fn, db), createDatabase(name), stop() }.
 * Settings are a disposable server's (fsync off), as in the tests: the figures are the daemon's, not disk flushes'.
 */
export async function startPg(workDir) {
  const dir = mkdtempSync(join(tmpdir(), "xks-bench-pg-"));
  const data = join(dir, "data");
  const sock = join(dir, "sock");
  const user = "xks";
  const password = randomBytes(18).toString("base64url");
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
    mkdirSync(sock, { mode: 0o700 });
    chownSync(sock, uid, gid);
  } else mkdirSync(sock, { mode: 0o700 });
  tool("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C"]);
  const port = await freePort();
  appendFileSync(join(data, "postgresql.conf"), [
    "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${sock}'`, `port = ${port}`,
    "fsync = off", "synchronous_commit = off", "full_page_writes = off", "max_connections = 200", "",
  ].join("\n"));
  let running = false;
  const stop = () => {
    if (!running) return;
    running = false;
    try { tool("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]); } catch { /* already gone */ }
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", stop);
  tool("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"]);
  running = true;
  const admin = async (fn, database = "postgres") => {
    const c = new pg.Client({ host: sock, port, user: "postgres", database });
    await c.connect();
    try { return await fn(c); } finally { await c.end(); }
  };
  await admin((c) => c.query(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`));
  const passwordFile = join(workDir, "pgpass");
  writeFileSync(passwordFile, password, { mode: 0o600 });
  const url = (db) => `postgres://${user}@127.0.0.1:${port}/${db}`;
  return {
    port, password, passwordFile, url, admin, stop,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`database name ${name} must be a lower-case identifier`);
      await admin((c) => c.query(`CREATE DATABASE ${name} OWNER ${user}`));
      return url(name);
    },
  };
}
