// Does an unknown access key id cost the same as a known one with a wrong signature?
// (issue 9: the old verifier answered an unknown id ~32 µs sooner, which told callers which ids
// exist.) Runs the built verifier (dist/, `npm run build` first) on requests signed by
// @smithy/signature-v4, interleaving the two cases sample by sample so drift hits both alike,
// and prints both medians side by side.   node native-bench/sigv4-timing.mjs [samples]
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { join } from "node:path";
import { ROOT } from "./lib/daemon.mjs";

const { SigningKeyCache, sha256hex, verifySigV4 } = await import(join(ROOT, "dist", "xks/sigv4.js"));

const samples = Number(process.argv[2] ?? 20000);
const path = "/ks/kms/xks/v1/keys/k1/encrypt";
const body = JSON.stringify({ requestMetadata: { kmsRequestId: "r", kmsOperation: "Encrypt" }, plaintext: "AAAA", encryptionAlgorithm: "AES_GCM" });
const known = { accessKeyId: "AKIAI2SFODNN7EXAMPLEX", secretAccessKey: "FYtE5EFA5FT0mCc3DrGUe2sti527BitkQ0Zr9MO9fvE" };

async function headersFor(cred) {
  const signer = new SignatureV4({ credentials: cred, region: "us-east-1", service: "kms-xks-proxy", sha256: Sha256, applyChecksum: false });
  const req = new HttpRequest({ method: "POST", protocol: "http:", hostname: "127.0.0.1", port: 8080, path, headers: { host: "127.0.0.1:8080", "content-type": "application/json" }, body });
  const signed = await signer.sign(req);
  return Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
}

const wrongSignature = await headersFor({ ...known, secretAccessKey: "GYtE5EFA5FT0mCc3DrGUe2sti527BitkQ0Zr9MO9fvE" });
const unknownId = await headersFor({ accessKeyId: "ZZZZZZZZZZZZZZZZZZZZ", secretAccessKey: known.secretAccessKey });
const secrets = new Map([[known.accessKeyId, known.secretAccessKey]]);
const cache = new SigningKeyCache();
const payloadHash = sha256hex(body);

function once(headers) {
  const t = process.hrtime.bigint();
  try {
    verifySigV4({ method: "post", path, query: "", headers, payloadHash }, { region: "us-east-1", secrets, now: Date.now(), cache });
  } catch {
    /* both cases fail authentication: that is the point */
  }
  return Number(process.hrtime.bigint() - t) / 1000;
}

const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
for (let i = 0; i < 5000; i++) (once(wrongSignature), once(unknownId));
const a = [];
const b = [];
for (let i = 0; i < samples; i++) {
  if (i % 2) (a.push(once(wrongSignature)), b.push(once(unknownId)));
  else (b.push(once(unknownId)), a.push(once(wrongSignature)));
}
const ma = median(a);
const mb = median(b);
console.log(`samples per case: ${samples}`);
console.log(`median µs  known id, wrong signature: ${ma.toFixed(2)}   unknown id: ${mb.toFixed(2)}   difference: ${(ma - mb).toFixed(2)} µs (ratio ${(mb / ma).toFixed(3)})`);
