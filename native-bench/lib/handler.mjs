// The daemon's request handling alone, without HTTP: dist/xks/server.js behind a transport that
// hands it pre-signed local-tier encrypts from memory, one after another, on this thread. What it
// costs above lib/components.mjs is the handler's own per-request overhead (routing, headers,
// events, closures, GC), free of the socket work and of the machine's other load that make the
// daemon's µs per request under wrk move by ±10 %. Usage: node handler.mjs <ms>; prints one JSON
// line { usPerRequest (the fastest of five rounds), rounds, requests }.
import { randomBytes, randomUUID } from "node:crypto";
import { join } from "node:path";
import { ROOT } from "./daemon.mjs";
import { encryptBody, signRaw } from "./sign.mjs";

const dist = (p) => import(join(ROOT, "dist", p));
const { startXksServer } = await dist("xks/server.js");
const { KeyViewHolder } = await dist("keys/view.js");
const { createCryptoRouter } = await dist("crypto/router.js");
const { Throttle } = await dist("xks/throttle.js");
const { FleetShare } = await dist("xks/fleet-share.js");

const ms = Number(process.argv[2] ?? 1000);
const storeId = randomUUID();
const uriPath = "/bench/kms/xks/v1";
const cred = { accessKeyId: "AKIABENCHHANDLER0001", secretAccessKey: randomBytes(30).toString("base64") };
const keys = new KeyViewHolder();
keys.load({
  keyStores: [{ id: storeId, name: "bench", uriPath, region: "us-east-1", kmsAccount: "123456789012", tier: "local", partition: null, blocked: false, healthCheckKeyId: null,
    rateLimit: { rps: 1e9, burst: 1e9 }, enableSuccessAuditEvent: false, authorizationRules: [], mtlsEnabled: false }],
  credentials: [{ id: randomUUID(), keyStoreId: storeId, ...cred }],
  sourceKeys: [{ id: "sk", tier: "local", partition: null, label: null, keySpec: "AES_256", encrypt: true, decrypt: true, enabled: true, material: randomBytes(32) }],
  virtualKeys: [{ id: "vk", versions: [{ version: 1, sourceKeyId: "sk" }] }],
  hyokKeys: [{ id: "hk", keyStoreId: storeId, virtualKeyId: "vk", blocked: false }],
});

// 2,000 distinct signed requests, as the wrk rows send them (lower-case header names).
const target = { cred, port: 4443, uriPath, keyId: "hk" };
const reqs = [];
for (let i = 0; i < 2000; i++) {
  const s = await signRaw(target, "encrypt", encryptBody());
  const headers = Object.entries(s.headers).map(([k, v]) => [k.toLowerCase(), v]);
  headers.push(["content-length", String(Buffer.byteLength(s.body))]);
  reqs.push({ path: s.path, headers, body: new Uint8Array(Buffer.from(s.body)) });
}

let handler;
const transport = { kind: "uws", listen: (h) => { handler = h; return Promise.resolve({ port: 0 }); } };
let events = 0;
await startXksServer({
  transport, reusePort: false, host: "127.0.0.1", port: 0, maxBodyBytes: 262144, requestTimeoutMs: 200,
  fleet: new FleetShare(), vendor: "bench", model: "bench", ekmVendor: () => "bench", keys,
  router: createCryptoRouter(() => undefined), health: { report: () => Promise.resolve([]) },
  observer: { done: () => { events++; } }, ready: () => true,
  throttle: new Throttle(), throttleSlot: () => 0, healthThrottle: new Throttle(),
});

let r;
let status = "";
// The request view and exchange a transport passes: plain objects over the pre-signed request.
const view = {
  getMethod: () => "post",
  getUrl: () => r.path,
  getQuery: () => "",
  getHeader: (n) => r.headers.find(([k]) => k === n)?.[1] ?? "",
  forEach: (cb) => { for (const [k, v] of r.headers) cb(k, v); },
};
let onData;
const exchange = {
  onAborted() {},
  onData(cb) { onData = cb; },
  answer(s) { status = s; },
  remoteAddress: () => "127.0.0.1",
  peerCertificate: () => undefined,
};
function one(i) {
  r = reqs[i % reqs.length];
  handler.handle(view, exchange);
  onData(r.body, true);
}
for (let i = 0; i < 20000; i++) one(i);
if (status !== "200 OK") throw new Error(`handler answered ${status}`);
// Five rounds of this process's CPU time (GC helper threads included); the fastest is the one the machine's other load disturbed least.
const rounds = [];
let n = 0;
for (let round = 0; round < 5; round++) {
  let k = 0;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const until = t0 + BigInt(Math.round(ms / 5)) * 1_000_000n;
  let t = t0;
  while (t < until) {
    for (let i = 0; i < 500; i++) one(n + i);
    n += 500;
    k += 500;
    t = process.hrtime.bigint();
  }
  // CPU time, not wall time: a round the scheduler preempted is not charged for the wait
  const c = process.cpuUsage(c0);
  rounds.push((c.user + c.system) / k);
}
if (events !== n + 20000) throw new Error(`${n + 20000} requests, ${events} events`);
console.log(JSON.stringify({ usPerRequest: Math.min(...rounds), rounds: rounds.map((x) => +x.toFixed(2)), requests: n }));
