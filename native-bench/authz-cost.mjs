// CPU per request of the key store authorization rules (src/xks/authorize.ts on rules compiled by
// src/keys/authorization.ts), timed alone in a tight loop on the built dist/ code:
// `npm run build && node native-bench/authz-cost.mjs [ms per case]`. Prints one JSON line of
// { case: ns per request }. The cases go from a store without rules (what every store has unless
// an operator adds some) to 100 rules that all miss (the most a store can hold, the worst case).
import { join } from "node:path";
import { ROOT } from "./lib/daemon.mjs";

const dist = (p) => import(join(ROOT, "dist", p));
const { compileRules } = await dist("keys/authorization.js");
const { authorize } = await dist("xks/authorize.js");

const ms = Number(process.argv[2] ?? 1000);
const account = "123456789012";
const meta = { kmsRequestId: "r", kmsOperation: "Encrypt", awsPrincipalArn: `arn:aws:iam::${account}:role/app-web`, kmsKeyArn: "k", kmsViaService: "ebs" };
const store = (rules) => ({ authorization: compileRules(rules) });
const many = (f) => Array.from({ length: 100 }, (_, i) => f(i));

function nsPer(fn) {
  for (let i = 0; i < 20_000; i++) fn();
  let n = 0;
  const t0 = process.hrtime.bigint();
  const until = t0 + BigInt(ms) * 1_000_000n;
  let t = t0;
  while (t < until) {
    for (let i = 0; i < 1000; i++) fn();
    n += 1000;
    t = process.hrtime.bigint();
  }
  return Math.round((Number(t - t0) / n) * 10) / 10;
}

const allowed = (s) => () => authorize(s, meta);
const denied = (s) => () => {
  try {
    authorize(s, meta);
  } catch {
    return;
  }
  throw new Error("expected a denial");
};

const cases = {
  "no rules": allowed(store([])),
  "1 exact-principal rule, allowed": allowed(store([{ principal: meta.awsPrincipalArn }])),
  "1 rule: prefix + operations + via service, allowed": allowed(store([{ principal: `arn:aws:iam::${account}:role/app-*`, operations: ["Encrypt", "GenerateDataKey"], viaServices: ["ebs"] }])),
  "100 exact-principal rules, allowed by the last": allowed(store(many((i) => ({ principal: i === 99 ? meta.awsPrincipalArn : `arn:aws:iam::${account}:role/r${i}` })))),
  "100 prefix rules, allowed by the last": allowed(store(many((i) => ({ principal: i === 99 ? `arn:aws:iam::${account}:role/app-*` : `arn:aws:iam::${account}:role/r${i}-*` })))),
  "100 prefix rules, none matches (denied: error + reason built)": denied(store(many((i) => ({ principal: `arn:aws:iam::${account}:role/r${i}-*` })))),
};
console.log(JSON.stringify(Object.fromEntries(Object.entries(cases).map(([k, fn]) => [k, nsPer(fn)]))));
