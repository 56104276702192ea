/**
 * The data plane as separate daemon processes see it: one process per XKS port, and staying
 * responsive at the open-file limit.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { adminClient } from "./helpers/admin-client.js";
import { TRANSPORTS, UWS_LOADS } from "./helpers/daemon.js";
import { expectRefused, failedStart, scratch, spawnDaemon } from "./helpers/process.js";
import { KeepAlive } from "./helpers/raw-http.js";
import { send } from "./helpers/sign.js";
import { nodeHasReusePort } from "../src/xks/transport/node.js";

const { dataDir, procs } = scratch("xks-proc-");

describe("one xks-proxy process per XKS port", () => {
  it("a second daemon (another data dir) on a served port exits 1 naming the port; the first keeps all traffic", async () => {
    const first = await spawnDaemon(dataDir());
    procs.push(first);
    expectRefused(await failedStart(dataDir(), { xks: { port: first.xksPort, threads: 2 } }), new RegExp(`XKS data plane cannot listen on 127\\.0\\.0\\.1:${first.xksPort}: the port is in use`));
    // every request reaches the first daemon: its key store answers (401 unsigned), never another's 404
    const admin = adminClient(first.adminPort, first.token);
    const ks = await admin.keyStores("Create", { name: "port-owner", kms: "111122223333", region: "us-east-1" });
    admin.close();
    const answers = await Promise.all(Array.from({ length: 40 }, () => send(first.xksPort, `${ks.aws_param.xks_proxy_uri_path}/health`, "{}", {})));
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(401));
    expect(first.child.exitCode).toBeNull();
  });
});

/** CPU seconds (user + system) the process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}
const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/** TCP sockets listening on a port (this network namespace's /proc/net/tcp, state 0A = LISTEN). */
function listeningSockets(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  return readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .slice(1)
    .filter((line) => {
      const f = line.trim().split(/\s+/);
      return f[1]?.endsWith(`:${hexPort}`) && f[3] === "0A";
    }).length;
}

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const transport of TRANSPORTS) {
  describe(`at the open-file limit (${transport} transport)`, () => {
    it("stops accepting instead of spinning: open connections are served, CPU stays low, accepting resumes after", async () => {
      const p = await spawnDaemon(dataDir(), { xks: { transport } }, {}, ["prlimit", "--nofile=256:256"]);
      procs.push(p);
      const pid = p.child.pid!;
      const ka = new KeepAlive(p.xksPort);
      await ka.ready;
      expect((await ka.get("/ping")).status).toBe(200);

      // 400 more connections than the daemon can hold (soft = hard = 256 descriptors)
      const flood: Socket[] = [];
      for (let i = 0; i < 400; i++) {
        const s = connect(p.xksPort, "127.0.0.1");
        s.on("error", () => undefined);
        flood.push(s);
      }
      try {
        await until("the accept pause", () => p.output().includes("near the open-file limit: not accepting XKS connections"));
        // a measurement window, not a wait for a condition: the old accept loop spun on EMFILE here
        const cpu0 = cpuSeconds(pid);
        const t0 = performance.now();
        await new Promise((r) => setTimeout(r, 1000));
        const coreShare = (cpuSeconds(pid) - cpu0) / ((performance.now() - t0) / 1000);
        expect(coreShare).toBeLessThan(0.25);
        const started = performance.now();
        expect(await ka.get("/ping", 1000)).toEqual({ status: 200, body: "ok" });
        expect(performance.now() - started).toBeLessThan(500);
      } finally {
        for (const s of flood) s.destroy();
      }
      await until("accepting again", () => p.output().includes("accepting XKS connections again"));
      // the main thread logs the decision; each data-plane thread then listens again (on the node
      // transport a new bind, which can land a moment after the log line), so a refused connect is retried
      let status = 0;
      for (const end = Date.now() + 5_000; status !== 200 && Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
        status = await send(p.xksPort, "/ping", "", {}, "GET").then((r) => r.status, () => 0);
      }
      expect(status).toBe(200);
      ka.close();
    });
  });
}

describe("xks.transport", () => {
  // UWS_USE_FALLBACK makes the uWebSockets.js package skip its native binary, as on a Node it has no binary for
  const noUws = { UWS_USE_FALLBACK: "1" };
  const startedLine = (out: string) => JSON.parse(out.split("\n").find((l) => l.includes('"msg":"xks-proxy started"'))!) as Record<string, unknown>;
  const oneThreadOnThisNode = !nodeHasReusePort();

  if (UWS_LOADS) {
    it("auto runs uWS where its binary loads", async () => {
      const p = await spawnDaemon(dataDir());
      procs.push(p);
      expect(startedLine(p.output())).toMatchObject({ transport: "uws", threads: 2 });
      expect(p.output()).not.toContain("does not load on this Node");
    });
  } else {
    it(`auto runs node:http on Node ${process.versions.node}, which the uWS build has no binary for, with one warning`, async () => {
      const p = await spawnDaemon(dataDir());
      procs.push(p);
      expect(startedLine(p.output())).toMatchObject({ transport: "node", threads: oneThreadOnThisNode ? 1 : 2 });
      expect(p.output().split("\n").filter((l) => l.includes('"level":"warn"') && l.includes("does not load on this Node"))).toHaveLength(1);
      expect(p.output()).not.toContain("µWS"); // the package's own fallback notices are never printed
    });
  }

  it("auto falls back to node:http with one warning where uWS does not load, and serves", async () => {
    const p = await spawnDaemon(dataDir(), {}, noUws);
    procs.push(p);
    expect(startedLine(p.output())).toMatchObject({ transport: "node", threads: oneThreadOnThisNode ? 1 : 2 });
    expect(p.output().split("\n").filter((l) => l.includes('"level":"warn"') && l.includes("does not load on this Node"))).toHaveLength(1);
    expect(p.output()).not.toContain("µWS");
    expect((await send(p.xksPort, "/ping", "", {}, "GET")).status).toBe(200);
  });

  it("uws where it does not load: the daemon refuses to start and says why", async () => {
    expectRefused(await failedStart(dataDir(), { xks: { transport: "uws" } }, noUws), /uWebSockets\.js native binary not loaded/);
  });

  it(`node with xks.threads 2: ${nodeHasReusePort() ? "two threads share the port (SO_REUSEPORT)" : "one thread on this Node (no SO_REUSEPORT listeners before 22.12)"}`, async () => {
    const p = await spawnDaemon(dataDir(), { xks: { transport: "node", threads: 2 } });
    procs.push(p);
    expect(startedLine(p.output())).toMatchObject({ transport: "node", threads: oneThreadOnThisNode ? 1 : 2 });
    // one listening socket per thread: SO_REUSEPORT gives each thread its own, the kernel spreads connections
    expect(listeningSockets(p.xksPort)).toBe(oneThreadOnThisNode ? 1 : 2);
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(p.xksPort, "/ping", "", {}, "GET")));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
  });
});
