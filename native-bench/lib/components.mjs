// Per-request CPU of the daemon's own steps for one local-tier encrypt, each timed in a tight loop
// in this process (node components.mjs <signed request file> <ms per step>). It runs the built
// daemon code (dist/) on a real signed request, so the figures say where a request's CPU goes when
// nothing else competes for the core; row 1 sets them beside the bare uWS server's CPU per request.
// Prints one JSON line: { steps: { name: µs }, totalUs }.
import { createSecretKey, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./daemon.mjs";

const dist = (p) => import(join(ROOT, "dist", p));
const { SigningKeyCache, sha256hex, verifySigV4 } = await dist("xks/sigv4.js");
const { parseEncrypt, parseJsonObject, parseMetadata } = await dist("xks/wire.js");
const { localEncrypt } = await dist("crypto/local/aes-gcm.js");
const { buildGcmAad, encodeKeyVersion } = await dist("keys/version-codec.js");
const { encryptResponseJson } = await dist("xks/handlers.js");

const [file, msArg] = process.argv.slice(2);
// The request as uWS hands it over: path, lower-case headers, body bytes (signRaw's output).
const { path, headers: signed, body: bodyText, region, accessKeyId, secret } = JSON.parse(readFileSync(file, "utf8"));
const msPerStep = Number(msArg ?? 1000);
const headers = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toLowerCase(), v]));
const body = Buffer.from(bodyText);
const secrets = new Map([[accessKeyId, secret]]);
const cache = new SigningKeyCache();
const key = createSecretKey(randomBytes(32));
const meta = encodeKeyVersion(1);

/**
 * µs of this process's CPU time per call, the fastest of five rounds: on a shared machine wall time
 * would charge the step for the time other processes held the core.
 */
function time(fn) {
  for (let i = 0; i < 2000; i++) fn();
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    let n = 0;
    const c0 = process.cpuUsage();
    const until = process.hrtime.bigint() + BigInt(Math.round(msPerStep / 5)) * 1_000_000n;
    while (process.hrtime.bigint() < until) {
      for (let i = 0; i < 500; i++) fn();
      n += 500;
    }
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / n);
  }
  return best;
}

const json = parseJsonObject(body);
const req = parseEncrypt(json, parseMetadata(json, "Encrypt"));
const gcmAad = buildGcmAad(req.aad, meta);
const out = localEncrypt(key, req.plaintext, gcmAad);

const steps = {
  "SigV4 verify (body SHA-256, canonical request, HMAC)": time(() =>
    verifySigV4({ method: "post", path, query: "", headers, payloadHash: sha256hex(body) }, { region, secrets, now: Date.now(), cache })),
  "JSON parse + validate + base64 decode": time(() => {
    const j = parseJsonObject(body);
    parseEncrypt(j, parseMetadata(j, "Encrypt"));
  }),
  "AES-256-GCM encrypt (node:crypto, fresh IV)": time(() => localEncrypt(key, req.plaintext, buildGcmAad(req.aad, meta))),
  "response: base64 encode + JSON body": time(() =>
    encryptResponseJson({ ciphertext: out.ciphertext.toString("base64"), ciphertextMetadata: meta.toString("base64"), initializationVector: out.iv.toString("base64"), authenticationTag: out.tag.toString("base64") })),
};
const totalUs = Object.values(steps).reduce((a, b) => a + b, 0);
console.log(JSON.stringify({ steps, totalUs }));
