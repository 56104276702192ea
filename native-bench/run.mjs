#!/usr/bin/env node
// native-bench: `npm run bench [-- --quick] [-- --only 1,4,...]`. Starts daemons on loopback with
// fresh data dirs, provisions them through the admin CLI, drives them with wrk (pre-signed requests)
// or the paced generator, prints a table, writes out/results.json and RESULTS.md. See README.md.
import { rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildShim, writeShimControl } from "./shim/shim.mjs";
import { cpuSeconds, errorCounts, makeMtlsCerts, makeWorkDir, provision, rssMiB, setupSoftHsm, startDaemon } from "./lib/daemon.mjs";
import { runClosed } from "./lib/closed.mjs";
import { runPaced } from "./lib/paced.mjs";
import { freePort, killAll, killChildrenOnExit, run, sleep, spawnChild, stopChild, waitUntil } from "./lib/proc.mjs";
import { machine, textTable, writeJson, writeMarkdown } from "./lib/report.mjs";
import { PLAINTEXT, encryptBody, sendSigned, signBatch, signRaw, writeWrkScript } from "./lib/sign.mjs";
import { ensureWrk, runWrk } from "./lib/wrk.mjs";
import { row8, row9, row10, stopCluster } from "./lib/fleet-rows.mjs";
import { httpGet, httpGetText } from "./lib/daemon.mjs";

const HERE = resolve(fileURLToPath(import.meta.url), "..");
const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const onlyArg = argv.includes("--only") ? argv[argv.indexOf("--only") + 1] : argv.find((a) => a.startsWith("--only="))?.slice(7);
const only = onlyArg ? new Set(onlyArg.split(",").map((s) => s.trim())) : null;
const want = (id) => !only || only.has(String(id));

const S = quick
  ? { wrkDurationS: 5, wrkWarmupS: 3, rawS: 3, fixedS: 10, soakS: 30, soakWarmupS: 10, soakRate: 1000 }
  : { wrkDurationS: 15, wrkWarmupS: 10, rawS: 10, fixedS: 60, soakS: 300, soakWarmupS: 30, soakRate: 1000 };
const scaleArg = argv.includes("--scale-keys") ? argv[argv.indexOf("--scale-keys") + 1] : undefined;
Object.assign(S, quick
  ? { scaleKeys: [1000, 10000], scaleWrites: 20, scaleWrkS: 5, scaleWrkWarmupS: 3 }
  : { scaleKeys: [1000, 10000, 100000], scaleWrites: 40, scaleWrkS: 10, scaleWrkWarmupS: 5 });
if (scaleArg) S.scaleKeys = scaleArg.split(",").map(Number);
Object.assign(S, { propSamples: 200 });
Object.assign(S, { wrkThreads: 1, connections: 32, slowConnections: 64, signed: 2000, lunaSessions: 2, fixedRate: 1800, slowNice: -10 });

const rows = [];
const notes = [];
const raw = {};
const t0 = Date.now();
killChildrenOnExit();
const work = makeWorkDir();
process.on("exit", () => rmSync(work, { recursive: true, force: true }));

const log = (m) => console.log(`[bench +${Math.round((Date.now() - t0) / 1000)}s] ${m}`);

/** Fresh signed requests for a target → a wrk script file. */
async function wrkScript(target, name, opts = {}) {
  return writeWrkScript(join(work, `${name}.lua`), await signBatch(target, S.signed, opts));
}

/**
 * Every server gets the same untimed wrk warm-up first: the figures are its steady state (JIT-
 * compiled hot paths), as a long-running daemon serves, not its first seconds.
 */
function warmUp(port, script, connections) {
  return runWrk({ port, script, threads: S.wrkThreads, connections, durationS: S.wrkWarmupS });
}

/** wrk against target; with pid, also the server's CPU use during the run (cores busy). */
async function wrkRow(target, name, pid, connections = S.connections) {
  const script = await wrkScript(target, name);
  await warmUp(target.port, script, connections);
  const c0 = pid ? cpuSeconds(pid) : 0;
  const w0 = Date.now();
  const r = await runWrk({ port: target.port, script, threads: S.wrkThreads, connections, durationS: S.wrkDurationS });
  if (pid) r.serverCores = (cpuSeconds(pid) - c0) / ((Date.now() - w0) / 1000);
  raw[name] = r;
  log(`${name}: ${Math.round(r.rps)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, errors ${r.errors}${pid ? `, server CPU ${r.serverCores.toFixed(2)} cores` : ""}`);
  if (pid) notes.push(`${name}: server process used ${r.serverCores.toFixed(2)} of ${machine().nproc} cores during the wrk run (µs of server CPU per request: ${Math.round((r.serverCores * 1e6) / r.rps)}).`);
  return r;
}

/** After a row: name any error the daemon counted, and say if it died. */
async function checkDaemon(d, rowName) {
  if (d.child.exitCode !== null || d.child.signalCode !== null) {
    notes.push(`**${rowName}: the daemon exited during the row** (${d.child.signalCode ?? d.child.exitCode}); last output: \`${d.child.output.slice(-500).replace(/\s+/g, " ")}\``);
    return;
  }
  const errs = await errorCounts(d).catch(() => ({}));
  if (Object.keys(errs).length) notes.push(`${rowName}: daemon-side errors (xks_requests_total by error_name): ${Object.entries(errs).map(([k, v]) => `${k} × ${v}`).join(", ")}`);
  const stderr = d.child.output.trim();
  if (stderr) notes.push(`${rowName}: daemon output at log.level warn: \`${stderr.slice(-400).replace(/\s+/g, " ")}\``);
}

async function localDaemon(name, threads, transport, mtls) {
  const d = await startDaemon({ workDir: work, name, threads, transport, mtls });
  return { d, target: await provision(d) };
}

/**
 * Like wrkRow, with lib/closed.mjs as the generator (32 keep-alive connections, closed loop): the
 * only one here that presents a client certificate (tls: { cert, key, ca }).
 */
async function closedRow(target, name, pid, tls) {
  const raws = await signBatch(target, S.signed);
  await runClosed({ port: target.port, raws, durationS: S.wrkWarmupS, connections: S.connections, tls });
  const c0 = cpuSeconds(pid);
  const w0 = Date.now();
  const r = await runClosed({ port: target.port, raws, durationS: S.wrkDurationS, connections: S.connections, tls });
  r.serverCores = (cpuSeconds(pid) - c0) / ((Date.now() - w0) / 1000);
  raw[name] = r;
  log(`${name}: ${Math.round(r.rps)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, errors ${r.errors}, server CPU ${r.serverCores.toFixed(2)} cores`);
  notes.push(`${name}: server process used ${r.serverCores.toFixed(2)} of ${machine().nproc} cores during the run (µs of server CPU per request: ${Math.round((r.serverCores * 1e6) / r.rps)}).`);
  return r;
}

let hsm;
const softhsm = () => (hsm ??= setupSoftHsm(work));

/** A bare uWS server (lib/bare-uws.mjs) doing workUs of CPU work per request; its wrk row. */
async function bareRow(target, name, workUs = 0) {
  const port = await freePort();
  const bare = spawnChild(process.execPath, [join(HERE, "lib/bare-uws.mjs"), String(port), workUs.toFixed(1)]);
  await waitUntil("bare uWS", async () => (await httpGet(port, "/ping")) === 200, 10_000, bare);
  const r = await wrkRow({ ...target, port }, name, bare.pid);
  const w = JSON.parse(await httpGetText(port, "/work"));
  await stopChild(bare);
  // the work loop's wall time per request over warm-up and run alike (it is the same loop each time)
  r.workUs = w.requests ? w.workUs / w.requests : 0;
  return r;
}

/**
 * The bare server at about the daemon's request rate: its CPU per request minus the work loop's.
 * A first pass guesses the transport's cost at that rate as twice its cost at full speed; the
 * second sizes the work from what the first measured.
 */
async function bareAtRate(target, daemonUs, bareUs) {
  const usOf = (r) => (r.serverCores * 1e6) / r.rps - r.workUs;
  const first = await bareRow(target, "bare-uws-at-rate-1", Math.max(0, daemonUs - 2 * bareUs));
  return bareRow(target, "bare-uws-at-rate", Math.max(0, daemonUs - usOf(first))).then((r) => ({ ...r, transportUs: usOf(r) }));
}

// ---- 1. transport ceiling: local encrypt vs bare uWS (both one uWS thread) ----
async function row1() {
  const { d, target } = await localDaemon("local-1t", 1);
  const b = await bareRow(target, "bare-uws");
  const l = await wrkRow(target, "local-encrypt-1t", d.pid);
  await checkDaemon(d, "row 1");
  await d.stop();
  const perReqExact = (r) => (r.serverCores * 1e6) / r.rps;
  const ba = await bareAtRate(target, perReqExact(l), perReqExact(b));
  // the same daemon on the node:http transport (xks.transport: node), for the per-transport figure
  const n = await localDaemon("local-1t-node", 1, "node");
  const ln = await wrkRow(n.target, "local-encrypt-1t-node", n.d.pid);
  // wrk presents no client certificate: the mutual TLS row and its plain twin run lib/closed.mjs
  const lnc = await closedRow(n.target, "local-encrypt-1t-node-closed", n.d.pid);
  await checkDaemon(n.d, "row 1 (node transport)");
  await n.d.stop();
  const mtls = makeMtlsCerts(work);
  const m = await localDaemon("local-1t-node-mtls", 1, "node", mtls);
  const lm = await closedRow(m.target, "local-encrypt-1t-node-mtls", m.d.pid, mtls.client);
  await checkDaemon(m.d, "row 1 (node transport, mutual TLS)");
  await m.d.stop();
  const c = await componentCosts(target);
  const h = await handlerCost();
  const perReq = (r) => Math.round(perReqExact(r));
  notes.push(`row 1: the daemon's own steps for one such request, each timed alone in a loop on an otherwise idle core (lib/components.mjs, built dist/ code): ${Object.entries(c.steps).map(([k, v]) => `${k} ${v.toFixed(1)} µs`).join("; ")}; together ${c.totalUs.toFixed(1)} µs. ` +
    `Under wrk the daemon spent ${perReq(l)} µs of CPU per request and the bare server ${perReq(b)} µs: the bare server does none of these steps, so the ratio is bounded by them, not by the transport.`);
  // The CPU budget: what a request must cost (transport + the daemon's necessary steps) over what it does cost.
  const fullSpeedRatio = (perReqExact(b) + c.totalUs) / perReqExact(l);
  const cpuRatio = (ba.transportUs + c.totalUs) / perReqExact(l);
  raw.cpuRatio = cpuRatio;
  raw.cpuRatioFullSpeed = fullSpeedRatio;
  log(`row 1 CPU ratio: (bare at the daemon's rate ${ba.transportUs.toFixed(1)} µs + components ${c.totalUs.toFixed(1)} µs) ÷ daemon ${perReqExact(l).toFixed(1)} µs = ${cpuRatio.toFixed(2)}; with bare at full speed (${perReqExact(b).toFixed(1)} µs): ${fullSpeedRatio.toFixed(2)}`);
  rows.push({ id: "1", name: "1 bare uWS, fixed JSON (ceiling)", ...b });
  rows.push({ id: "1", name: "1 local encrypt, xks.threads=1", ...l, ratio: l.rps / b.rps, target: "≥ 0.5 × bare", pass: l.rps / b.rps >= 0.5 && l.errors === 0 });
  rows.push({ id: "1", name: `1 bare uWS at the daemon's rate (+${ba.workUs.toFixed(1)} µs CPU work per request)`, ...ba, ratio: ba.rps / l.rps, target: "÷ the daemon's req/s", pass: undefined });
  rows.push({ id: "1", name: "1 CPU: (bare at full speed + components) ÷ daemon µs/req", ratio: fullSpeedRatio, target: "", pass: undefined });
  rows.push({ id: "1", name: "1 CPU: (bare at the daemon's rate + components) ÷ daemon µs/req", ratio: cpuRatio, target: "≥ 0.7", pass: cpuRatio >= 0.7 && l.errors === 0 });
  rows.push({ id: "1", name: "1 local encrypt, node transport, xks.threads=1", ...ln, ratio: ln.rps / l.rps, target: "÷ the uWS daemon", pass: undefined });
  rows.push({ id: "1", name: "1 local encrypt, node transport, xks.threads=1 (Node generator)", ...lnc, ratio: lnc.rps / ln.rps, target: "÷ the same under wrk", pass: undefined });
  rows.push({ id: "1", name: "1 local encrypt, node transport with mTLS, xks.threads=1 (Node generator)", ...lm, ratio: lm.rps / lnc.rps, target: "÷ node plain, same generator", pass: undefined });
  notes.push(`row 1, the bare server at the daemon's rate: lib/bare-uws.mjs with ${ba.workUs.toFixed(1)} µs of pure CPU work (a calibrated multiply-add loop) before each answer served ${Math.round(ba.rps)} req/s against the daemon's ${Math.round(l.rps)} and spent ${perReq(ba)} µs of CPU per request, ${ba.transportUs.toFixed(1)} µs of it outside the loop (the loop's wall time is subtracted, an upper bound of its CPU time): the transport's cost when it serves at the daemon's rate. At full speed the same server spends ${perReqExact(b).toFixed(1)} µs: wrk then seldom sleeps, so answers rarely pay to wake it, and each epoll call returns more events.`);
  notes.push(`row 1 (node transport): the same requests against the daemon with xks.transport node: ${perReq(ln)} µs of server CPU per request against ${perReq(l)} µs on uWS.`);
  notes.push(`row 1 (node transport with mutual TLS): xks.tls with clientAuth (a private CA; EC P-256 certificates), the key store mtls_enabled, the client certificate AWS KMS's subject for us-east-1; 32 TLS keep-alive connections from lib/closed.mjs (wrk cannot present a client certificate), handshakes only at the start: ${perReq(lm)} µs of server CPU per request against ${perReq(lnc)} µs for plain node:http under the same generator.`);
  notes.push(`row 1: the daemon's request handling alone (lib/handler.mjs: dist/xks/server.js fed the same kind of signed encrypts from memory, no HTTP, CPU time, fastest of 5 rounds): ${h.usPerRequest.toFixed(1)} µs per request, of which the components ${c.totalUs.toFixed(1)} µs; the rest of the daemon's ${perReq(l)} µs is the transport's and the event loop's.`);
}

/** The handler's CPU per request without HTTP, in a child process (see lib/handler.mjs). */
async function handlerCost() {
  const out = await run(process.execPath, [join(HERE, "lib/handler.mjs"), quick ? "1500" : "5000"], { timeoutMs: 120_000 });
  const r = JSON.parse(out.trim().split("\n").pop());
  raw.handler = r;
  log(`handler alone: ${r.usPerRequest.toFixed(1)} µs per request (no HTTP)`);
  return r;
}

/** CPU per step of one local-tier encrypt, measured alone in a child process (see lib/components.mjs). */
async function componentCosts(target) {
  const file = join(work, "components.json");
  const { path, headers, body } = await signRaw(target, "encrypt", encryptBody());
  writeFileSync(file, JSON.stringify({ path, headers, body, region: "us-east-1", accessKeyId: target.cred.accessKeyId, secret: target.cred.secretAccessKey }));
  const out = await run(process.execPath, [join(HERE, "lib/components.mjs"), file, quick ? "300" : "1000"], { timeoutMs: 60_000 });
  const r = JSON.parse(out.trim().split("\n").pop());
  raw.components = r;
  log(`components: ${r.totalUs.toFixed(1)} µs per request on an idle core`);
  return r;
}

// ---- 2 + 3. luna-hsm (SoftHSM2) encrypt vs raw pkcs11js ceiling and the reference call pattern ----
async function rawRunner(mode, label) {
  const h = softhsm();
  const out = await run(process.execPath, [join(HERE, "lib/pkcs11-raw.mjs"), mode, String(S.rawS)], {
    env: { ...process.env, SOFTHSM2_CONF: h.conf, XKS_RAW_MODULE: h.module, XKS_RAW_TOKEN: h.label, XKS_RAW_PIN: h.pin, XKS_RAW_LABEL: label },
    timeoutMs: (S.rawS + 30) * 1000,
  });
  const r = JSON.parse(out.trim().split("\n").pop());
  raw[`raw-${mode}`] = r;
  log(`raw pkcs11js ${mode}: ${Math.round(r.opsPerSec)} ops/s (${r.usPerOp.toFixed(1)} µs/op)`);
  return r;
}

async function row23() {
  const d = await startDaemon({ workDir: work, name: "luna", hsm: { ...softhsm(), sessions: S.lunaSessions } });
  const target = await provision(d);
  const l = await wrkRow(target, "luna-encrypt", d.pid);
  await checkDaemon(d, "rows 2-3");
  await d.stop(); // the raw runners get the CPU to themselves
  const ceil = want(2) ? await rawRunner("ceiling", target.sourceLabel) : null;
  const ref = want(3) ? await rawRunner("reference", target.sourceLabel) : null;
  const lunaName = `2 luna-hsm encrypt (SoftHSM2, ${S.lunaSessions} sessions)`;
  if (ceil) {
    rows.push({ id: "2", name: "2 raw pkcs11js, 1 session, cached handle", rps: ceil.opsPerSec });
    rows.push({ id: "2", name: lunaName, ...l, ratio: l.rps / ceil.opsPerSec, target: "≥ 0.7 × raw", pass: l.rps / ceil.opsPerSec >= 0.7 && l.errors === 0 });
  }
  if (ref) {
    rows.push({ id: "3", name: "3 reference proxy call pattern, 1 session", rps: ref.opsPerSec });
    rows.push({ id: "3", name: "3 luna-hsm encrypt ÷ reference pattern", ...l, ratio: l.rps / ref.opsPerSec, target: "≥ 1.5 × ref", pass: l.rps / ref.opsPerSec >= 1.5 && l.errors === 0 });
  }
  const local = raw["local-encrypt-1t"];
  if (local && (ceil || ref)) {
    const bounds = [ceil && `${(local.rps / ceil.opsPerSec).toFixed(2)} × the raw ceiling (target 0.7)`, ref && `${(local.rps / ref.opsPerSec).toFixed(2)} × the reference pattern (target 1.5)`].filter(Boolean).join(" and ");
    notes.push(`rows 2-3, upper bound: in row 1 of this run the local tier (the same HTTP, SigV4, JSON and response work with no HSM at all) served ${Math.round(local.rps)} req/s, which is ${bounds}. ` +
      "A luna-hsm request does all of that work too (except ~7 µs of in-thread AES-GCM) plus the HSM call and its thread hand-offs, so on this machine ratios 2 and 3 stay at or below about these figures however cheap the HSM path becomes (within the run-to-run noise of ±20 %).");
  }
  notes.push(`rows 2-3: raw runners are single-threaded synchronous pkcs11js loops in a child process, run after the daemon stopped (${S.rawS} s each); plaintext 32 bytes, IV 12 bytes, AAD 8 bytes (what the daemon passes for a request without AAD). ` +
    "The reference pattern's size query calls C_Encrypt with an empty Buffer, which pkcs11js hands to the module as a NULL output pointer (a true PKCS#11 size query, CKR_OK, operation stays active; checked at start). pkcs11js's wrapper drops the length it returns, so the real buffer is sized 48 bytes, as the query answers.");
}

// ---- 4. slow HSM through the shim: 2 ms per crypto call, 32 sessions; /ping p99 meanwhile ----
/** /ping at 200 req/s from a child process (lib/ping-probe.mjs) → runPaced's result. */
async function pingProbe(port, seconds) {
  const out = await run(process.execPath, [join(HERE, "lib/ping-probe.mjs"), String(port), String(seconds)], { timeoutMs: (seconds + 30) * 1000 });
  return JSON.parse(out.trim().split("\n").pop());
}

/** One daemon in front of the slow shim: warm-up, then wrk encrypt load with paced /ping probes. */
async function slowRun(name, nice) {
  const h = softhsm();
  const control = join(work, "shim.control");
  writeShimControl(control, { latency_us: 2000 });
  const d = await startDaemon({
    workDir: work, name, nice, hsm: { ...h, modulePath: buildShim(), sessions: 32 },
    env: { XKS_SHIM_TARGET: h.module, XKS_SHIM_CONTROL: control },
  });
  const target = await provision(d);
  const script = await wrkScript(target, `${name}-encrypt`);
  const idle = await pingProbe(target.port, 3);
  await warmUp(target.port, script, S.slowConnections);
  const c0 = cpuSeconds(d.pid), w0 = Date.now();
  const [w, ping] = await Promise.all([
    runWrk({ port: target.port, script, threads: S.wrkThreads, connections: S.slowConnections, durationS: S.wrkDurationS }),
    sleep(500).then(() => pingProbe(target.port, S.wrkDurationS - 1)),
  ]);
  w.serverCores = (cpuSeconds(d.pid) - c0) / ((Date.now() - w0) / 1000);
  raw[`${name}-encrypt`] = w; raw[`${name}-ping`] = ping;
  log(`${name} encrypt: ${Math.round(w.rps)} req/s, p99 ${w.p99.toFixed(2)} ms, errors ${w.errors}; /ping p99 ${ping.p99.toFixed(2)} ms`);
  await checkDaemon(d, `row 4 (${name})`);
  await d.stop();
  return { w, ping, idle };
}

async function row4() {
  const bound = 32 / 0.004;
  const runs = [["slow", undefined, ""]];
  // A negative xks.nice needs root (or CAP_SYS_NICE, which the daemon cannot be given from here).
  if (process.getuid?.() === 0) runs.push(["slow-nice", S.slowNice, `, xks.nice=${S.slowNice}`]);
  else notes.push(`row 4: not run as root, so the xks.nice=${S.slowNice} run was skipped.`);
  for (const [name, nice, suffix] of runs) {
    const { w, ping, idle } = await slowRun(name, nice);
    rows.push({ id: "4", name: `4 slow HSM encrypt (shim 2 ms/call, 32 sessions${suffix})`, ...w, ratio: w.rps / bound, target: "≥ 0.5 × 8,000", pass: w.rps / bound >= 0.5 && w.errors === 0 });
    rows.push({ id: "4", name: `4 GET /ping at 200 req/s during that load${suffix}`, rps: ping.rps, p50: ping.p50, p99: ping.p99, errors: ping.errors, target: "p99 < 5 ms", pass: ping.p99 < 5 && ping.errors === 0 });
    notes.push(`row 4${suffix}: daemon CPU ${w.serverCores.toFixed(2)} of ${machine().nproc} cores (${Math.round((w.serverCores * 1e6) / w.rps)} µs of CPU per request); the same /ping probe on the idle daemon just before: p50 ${idle.p50.toFixed(2)} ms, p99 ${idle.p99.toFixed(2)} ms.`);
  }
  notes.push(`row 4: libxks-shim.so (native-bench/shim) in front of SoftHSM2 with latency_us=2000 on C_EncryptInit/C_Encrypt/C_DecryptInit/C_Decrypt; wrk ${S.slowConnections} connections after a ${S.wrkWarmupS} s warm-up; /ping by the paced generator in its own process (lib/ping-probe.mjs: 2 keep-alive connections, latency from the scheduled send time). ` +
    `Run twice: at the default priority, and with xks.nice=${S.slowNice} (the data-plane threads' priority; the bench runs as root, a deployment grants CAP_SYS_NICE), which lets the thread that answers /ping take the CPU ahead of wrk, the main thread and the 32 session workers. ` +
    "CPU per request is mostly the 32 workers: each wakes three times per request (doorbell, two nanosleeps) on 2 vCPUs shared with wrk.");
}

// ---- 5. fixed 1,800 req/s open loop on the SoftHSM2 tier ----
async function row5() {
  const d = await startDaemon({ workDir: work, name: "fixed", hsm: { ...softhsm(), sessions: S.lunaSessions } });
  const target = await provision(d);
  const raws = await signBatch(target, S.signed);
  const r = await runPaced({ port: target.port, raws, rate: S.fixedRate, durationS: S.fixedS, connections: 32 });
  raw.fixed = r;
  log(`fixed ${S.fixedRate}/s: ${Math.round(r.rps)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(1)} ms, errors ${r.errors}`);
  await checkDaemon(d, "row 5");
  await d.stop();
  rows.push({ id: "5", name: `5 fixed ${S.fixedRate.toLocaleString("en-US")} req/s × ${S.fixedS} s, SoftHSM2`, ...r, target: "p99 < 10 ms, 0 errors", pass: r.p99 < 10 && r.errors === 0 && r.completed >= S.fixedRate * S.fixedS * 0.99 });
  notes.push(`row 5: open-loop paced generator in the bench process (32 keep-alive sockets, 1 ms timer; latency from each request's scheduled send time, so it includes up to ~1 ms of timer slack); max ${r.max.toFixed(1)} ms; statuses ${JSON.stringify(r.statuses)}.`);
}

// ---- 6. soak: steady encrypt+decrypt mix, RSS sampled every 5 s ----
async function row6() {
  const d = await startDaemon({ workDir: work, name: "soak", hsm: { ...softhsm(), sessions: S.lunaSessions } });
  const target = await provision(d);
  const enc = await sendSigned(target, "encrypt", encryptBody());
  if (enc.status !== 200) throw new Error(`soak: seed encrypt answered ${enc.status} ${enc.text}`);
  const total = S.soakWarmupS + S.soakS;
  // Sign with a date in the middle of the run: every signature stays inside the ±5 min window.
  const raws = await signBatch(target, S.signed, { mix: 0.5, enc: enc.json, date: new Date(Date.now() + (total * 1000) / 2) });
  const samples = [];
  const sample = () => samples.push({ t: Math.round((Date.now() - start) / 1000), rssMiB: rssMiB(d.pid) });
  const start = Date.now();
  sample();
  const timer = setInterval(sample, 5000);
  const r = await runPaced({ port: target.port, raws, rate: S.soakRate, durationS: total, connections: 32, warmupS: S.soakWarmupS });
  clearInterval(timer);
  sample();
  await checkDaemon(d, "row 6");
  await d.stop();
  const base = samples.find((s) => s.t >= S.soakWarmupS) ?? samples[0];
  const last = samples[samples.length - 1];
  const peak = Math.max(...samples.filter((s) => s.t >= S.soakWarmupS).map((s) => s.rssMiB));
  const growth = (last.rssMiB - base.rssMiB) / base.rssMiB;
  raw.soak = { ...r, samples };
  log(`soak: RSS ${base.rssMiB.toFixed(1)} → ${last.rssMiB.toFixed(1)} MiB (peak ${peak.toFixed(1)}), ${(growth * 100).toFixed(1)} %, errors ${r.errors}`);
  rows.push({ id: "6", name: `6 soak ${S.soakRate.toLocaleString("en-US")} req/s enc+dec × ${S.soakS} s, SoftHSM2`, ...r, ratio: growth, ratioText: `RSS ${growth >= 0 ? "+" : ""}${(growth * 100).toFixed(1)} %`, target: "RSS growth < 10 %", pass: growth < 0.1 && r.errors === 0 });
  notes.push(`row 6: 50 % encrypt / 50 % decrypt, ${S.soakWarmupS} s warm-up then ${S.soakS} s; VmRSS of the daemon (/proc/<pid>/status) every 5 s: at warm-up end ${base.rssMiB.toFixed(1)} MiB, end ${last.rssMiB.toFixed(1)} MiB, peak ${peak.toFixed(1)} MiB; samples ${samples.map((s) => `${s.t}s:${s.rssMiB.toFixed(0)}`).join(" ")}. Requests signed once with a date in the middle of the run (valid ±5 min).`);
}

// ---- 7. multi-core: local encrypt with 1 vs 2 data-plane threads ----
async function row7() {
  const res = {};
  for (const threads of [1, 2]) {
    const { d, target } = await localDaemon(`local-${threads}t-mc`, threads);
    res[threads] = await wrkRow(target, `local-encrypt-threads-${threads}`, d.pid);
    await checkDaemon(d, `row 7 (threads=${threads})`);
    await d.stop();
  }
  rows.push({ id: "7", name: "7 local encrypt, xks.threads=1", ...res[1] });
  rows.push({ id: "7", name: "7 local encrypt, xks.threads=2", ...res[2], ratio: res[2].rps / res[1].rps, target: "2 thr ÷ 1 thr", pass: undefined });
  notes.push(`row 7: wrk -t${S.wrkThreads} shares the ${machine().nproc} cores with the daemon, so the second data-plane thread competes with the load generator for the same CPUs.`);
}

/** Rows 8-10 (lib/fleet-rows.mjs) return their rows, notes and raw figures. */
const fleetRow = (fn) => async () => {
  const r = await fn({ work, S, log, killAll });
  rows.push(...r.rows);
  notes.push(...r.notes);
  Object.assign(raw, r.raw);
};

async function main() {
  log(`mode ${quick ? "quick" : "full"}${only ? `, rows ${[...only].join(",")}` : ""}; work dir ${work}`);
  ensureWrk();
  const plan = [[1, row1], [2, row23], [4, row4], [5, row5], [6, row6], [7, row7], [8, fleetRow(row8)], [9, fleetRow(row9)], [10, fleetRow(row10)]];
  for (const [id, fn] of plan) {
    if (want(id) || (id === 2 && want(3))) {
      try { await fn(); } catch (e) {
        console.error(`[bench] row ${id} failed: ${e.stack ?? e}`);
        notes.push(`**row ${id} did not complete**: ${String(e.message ?? e).split("\n")[0]}`);
        rows.push({ id: String(id), name: `${id} (failed, see details)`, pass: false });
        killAll();
      }
    }
  }
  stopCluster();
  const mach = machine();
  const date = new Date().toISOString().replace("T", " ").slice(0, 16) + " UTC";
  const elapsedS = (Date.now() - t0) / 1000;
  console.log(`\nxks-proxy native-bench — ${quick ? "QUICK" : "full"} mode, ${date}, ${mach.nproc} cores (${mach.cpu}), Node ${mach.node}`);
  console.log(`load generator shares the ${mach.nproc} cores with the daemon (wrk -t${S.wrkThreads} -c${S.connections}, ${S.wrkDurationS} s per wrk row)\n`);
  console.log(textTable(rows));
  if (notes.length) console.log(`\n${notes.map((n) => `- ${n}`).join("\n")}`);
  const mode = quick ? "quick" : "full";
  writeJson(join(HERE, "out/results.json"), { date, mode, only: onlyArg ?? null, machine: mach, settings: S, plaintextBytes: Buffer.from(PLAINTEXT, "base64").length, rows, notes, raw, elapsedS });
  writeMarkdown(join(HERE, "RESULTS.md"), { rows, mach, mode, date, settings: S, notes, elapsedS, only: onlyArg });
  console.log(`\nwrote native-bench/out/results.json and native-bench/RESULTS.md (${Math.round(elapsedS)} s)`);
}

main().then(() => { killAll(); process.exit(0); }, (e) => { console.error(e); killAll(); process.exit(1); });
