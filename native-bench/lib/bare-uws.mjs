// Transport ceiling: a bare uWebSockets.js app (same package and build as the daemon) that reads
// every POST body to the end and answers a fixed JSON body. Usage: node bare-uws.mjs <port> [workUs]
//
// workUs > 0: before each answer the server does that many µs of pure CPU work (a multiply-add
// loop, calibrated in CPU time at start), so it serves at about the daemon's request rate. A
// transport's CPU per request depends on that rate: at 20k req/s the load generator sleeps between
// answers and each send pays its wake-up, epoll returns fewer events per call, and so on.
// GET /work answers { requests, workUs }: the POSTs served and the wall time spent in the work loop
// (an upper bound of its CPU time), for the bench to subtract.
import uWS from "uWebSockets.js";

const port = Number(process.argv[2]);
const workUs = Number(process.argv[3] ?? 0);
const BODY = JSON.stringify({ authenticationTag: "AAAAAAAAAAAAAAAAAAAAAA==", ciphertext: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", ciphertextMetadata: "AQAAAAE=", initializationVector: "AAAAAAAAAAAAAAAA" });

const acc = new Float64Array(1);
function loop(n) {
  let x = acc[0];
  for (let i = 0; i < n; i++) x = x * 1.0000001 + 1e-9;
  acc[0] = x;
}
let iterations = 0;
if (workUs > 0) {
  loop(1e6);
  const c0 = process.cpuUsage();
  loop(5e7);
  const c = process.cpuUsage(c0);
  iterations = Math.round((workUs * 5e7) / (c.user + c.system));
}
let requests = 0;
let workMs = 0;

uWS.App()
  .post("/*", (res) => {
    let aborted = false;
    const chunks = [];
    res.onAborted(() => { aborted = true; });
    res.onData((ab, last) => {
      chunks.push(Buffer.from(ab.slice(0)));
      if (!last || aborted) return;
      Buffer.concat(chunks);
      requests++;
      if (iterations) {
        const t0 = performance.now();
        loop(iterations);
        workMs += performance.now() - t0;
      }
      res.cork(() => res.writeStatus("200 OK").writeHeader("content-type", "application/json").end(BODY));
    });
  })
  .get("/ping", (res) => res.end("ok"))
  .get("/work", (res) => res.end(JSON.stringify({ requests, workUs: workMs * 1000 })))
  .listen("127.0.0.1", port, (sock) => {
    if (!sock) { console.error(`bare-uws: cannot listen on ${port}`); process.exit(1); }
  });
process.on("SIGTERM", () => process.exit(0));
