// The image's HEALTHCHECK: GET /readyz on the data plane over the container's own loopback, with
// Node itself (the runtime image has no curl). Exit 0 only on 200: not ready (503), refused or no
// answer within 3 s all mark the container unhealthy.
import http from "node:http";
import https from "node:https";

const env = process.env;
const tls = Boolean(env.XKS_TLS_CERT_FILE);
const bound = env.XKS_HTTP_HOST ?? "127.0.0.1";
// A wildcard bind is reached on loopback; a specific address is probed where it listens.
const host = bound === "0.0.0.0" || bound === "::" ? "127.0.0.1" : bound;
const url = new URL(env.XKS_HEALTHCHECK_URL ?? `${tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${env.XKS_HTTP_PORT ?? "8080"}/readyz`);

// The probe asks "is this process ready", not "is this the right server": the certificate (made
// for the public name AWS KMS uses) is not checked against the loopback address.
const get = url.protocol === "https:" ? (u, o, cb) => https.get(u, { ...o, rejectUnauthorized: false }, cb) : http.get;
const req = get(url, { timeout: 3000 }, (res) => {
  res.resume();
  process.exitCode = res.statusCode === 200 ? 0 : 1;
  if (res.statusCode !== 200) process.stderr.write(`${url.href}: ${res.statusCode}\n`);
});
req.on("timeout", () => req.destroy(new Error("no answer within 3 s")));
req.on("error", (e) => {
  process.stderr.write(`${url.href}: ${e.message}\n`);
  process.exitCode = 1;
});
