import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AuthFailure, SigningKeyCache, sigv4Work, verifySigV4 } from "../src/xks/sigv4.js";
import { signedHeaders } from "./helpers/sign.js";

const cred = { accessKeyId: "AKIAI2SFODNN7EXAMPLEX", secretAccessKey: "FYtE5EFA5FT0mCc3DrGUe2sti527BitkQ0Zr9MO9fvE" };
const other = { accessKeyId: "BKIAI2SFODNN7EXAMPLEX", secretAccessKey: "GYtE5EFA5FT0mCc3DrGUe2sti527BitkQ0Zr9MO9fvE" };
const path = "/keystores/abc/kms/xks/v1/keys/key-1/encrypt";
const body = JSON.stringify({ requestMetadata: { kmsRequestId: "r1", kmsOperation: "Encrypt" } });
const secrets = new Map([
  [cred.accessKeyId, cred.secretAccessKey],
  [other.accessKeyId, other.secretAccessKey],
]);

function lower(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AuthFailure);
    expect((e as AuthFailure).name).toBe("AuthenticationFailedException");
    return (e as AuthFailure).reason;
  }
  throw new Error("expected an AuthFailure");
}

describe("SigV4 verification against @smithy/signature-v4", () => {
  it("accepts a request signed by the AWS SDK signer, for each of two credentials", async () => {
    expect(verifySigV4Sync(await signedHeaders(8080, path, body, cred))).toBe(cred.accessKeyId);
    expect(verifySigV4Sync(await signedHeaders(8080, path, body, other))).toBe(other.accessKeyId);
  });

  it("refuses a wrong secret, unknown key id, other region, other service, changed body or path", async () => {
    const h = await signedHeaders(8080, path, body, cred);
    const wrongSecret = await signedHeaders(8080, path, body, { ...cred, secretAccessKey: other.secretAccessKey });
    const unknown = await signedHeaders(8080, path, body, { accessKeyId: "ZZZZZZZZZZZZZZZZZZZZ", secretAccessKey: cred.secretAccessKey });
    const region = await signedHeaders(8080, path, body, cred, { region: "eu-west-1" });
    const service = await signedHeaders(8080, path, body, cred, { service: "kms" });
    const reasons = [
      reasonOf(() => verifySigV4Sync(wrongSecret)),
      reasonOf(() => verifySigV4Sync(unknown)),
      reasonOf(() => verifySigV4Sync(region)),
      reasonOf(() => verifySigV4Sync(service)),
      reasonOf(() => verifySigV4Sync(h, { payload: body + " " })),
      reasonOf(() => verifySigV4Sync(h, { p: path.replace("encrypt", "decrypt") })),
    ];
    expect(reasons).toEqual([
      "signature mismatch",
      "unknown access key id",
      "credential scope region does not match the key store",
      "credential scope service is not kms-xks-proxy",
      "signature mismatch",
      "signature mismatch",
    ]);
  });

  it("enforces the 5-minute window both ways", async () => {
    const now = Date.now();
    const old = await signedHeaders(8080, path, body, cred, { date: new Date(now - 6 * 60_000) });
    const future = await signedHeaders(8080, path, body, cred, { date: new Date(now + 6 * 60_000) });
    const edge = await signedHeaders(8080, path, body, cred, { date: new Date(now - 4 * 60_000) });
    expect(reasonOf(() => verifySigV4Sync(old, { now }))).toMatch(/5 minutes/);
    expect(reasonOf(() => verifySigV4Sync(future, { now }))).toMatch(/5 minutes/);
    expect(verifySigV4Sync(edge, { now })).toBe(cred.accessKeyId);
  });

  it("treats malformed dates and Authorization values as authentication failures, not crashes", async () => {
    const h = await signedHeaders(8080, path, body, cred);
    const cases: Record<string, string>[] = [
      { ...h, "x-amz-date": "yesterday" },
      { ...h, "x-amz-date": "20261399T250000Z" },
      { ...h, "x-amz-date": "" },
      { ...h, authorization: "" },
      { ...h, authorization: "Basic Zm9vOmJhcg==" },
      { ...h, authorization: "AWS4-HMAC-SHA256 Credential=AKID/2026/us-east-1, SignedHeaders=host, Signature=00" },
      { ...h, authorization: h.authorization!.replace("host;", "") },
      { ...h, authorization: h.authorization!.replace(/Signature=[0-9a-f]+/, "Signature=" + "g".repeat(64)) },
    ];
    for (const c of cases) expect(reasonOf(() => verifySigV4Sync(c))).toBeTruthy();
  });

  it("a memoised Authorization prefix or date does not loosen the checks on later requests", async () => {
    const h = await signedHeaders(8080, path, body, cred);
    expect(verifySigV4Sync(h)).toBe(cred.accessKeyId); // prefix and date now memoised
    const sig = /Signature=([0-9a-f]{64})$/.exec(h.authorization!)![1]!;
    const prefix = h.authorization!.slice(0, -sig.length - "Signature=".length);
    const tampered = [
      `${prefix}Signature=${sig.toUpperCase()}`,
      `${prefix}Signature=${sig}0`,
      `${prefix}Signature=${sig.slice(1)}`,
      `${prefix}Signatur3=${sig}`,
      `${prefix}Signature=${sig.slice(0, -1)}${sig.endsWith("0") ? "1" : "0"}`,
    ];
    for (const authorization of tampered) expect(reasonOf(() => verifySigV4Sync({ ...h, authorization }))).toMatch(/malformed|mismatch/);
    // the same memoised date with a signature over another date still fails
    expect(reasonOf(() => verifySigV4Sync({ ...h, "x-amz-date": h["x-amz-date"]!.replace(/\d{2}Z$/, (x) => `${String((Number(x.slice(0, 2)) + 1) % 60).padStart(2, "0")}Z`) }))).toBe("signature mismatch");
    expect(verifySigV4Sync(h)).toBe(cred.accessKeyId);
  });

  it("an unknown access key id costs the same signature work as a known one with a wrong signature", async () => {
    const cache = new SigningKeyCache();
    const wrongSecret = lower(await signedHeaders(8080, path, body, { ...cred, secretAccessKey: other.secretAccessKey }));
    const unknownIds = await Promise.all(
      ["ZZZZZZZZZZZZZZZZZZZZ", "YYYYYYYYYYYYYYYYYYYY", "XXXXXXXXXXXXXXXXXXXX"].map(async (id) => lower(await signedHeaders(8080, path, body, { accessKeyId: id, secretAccessKey: cred.secretAccessKey }))),
    );
    const verify = (headers: Record<string, string>) =>
      reasonOf(() => verifySigV4({ method: "post", path, query: "", headers, payloadHash: createHash("sha256").update(body).digest("hex") }, { region: "us-east-1", secrets, now: Date.now(), cache }));
    // Both paths derive a (then cached) signing key, compute the request's signature and compare it.
    const before = sigv4Work.signatures;
    expect(verify(wrongSecret)).toBe("signature mismatch");
    expect(sigv4Work.signatures - before).toBe(1);
    for (const h of unknownIds) {
      const n = sigv4Work.signatures;
      expect(verify(h)).toBe("unknown access key id");
      expect(sigv4Work.signatures - n).toBe(1);
    }
  });

  it("canonicalises header values with surrounding or repeated whitespace", async () => {
    const h = await signedHeaders(8080, path, body, cred);
    // The signer signed "application/json"; spaces around it and runs of blanks collapse to the same form.
    expect(verifySigV4Sync({ ...h, "content-type": "  application/json " })).toBe(cred.accessKeyId);
    expect(reasonOf(() => verifySigV4Sync({ ...h, "content-type": "application/ json" }))).toBe("signature mismatch");
  });
});

function verifySigV4Sync(headers: Record<string, string>, o: { now?: number; payload?: string; p?: string } = {}): string {
  return verifySigV4(
    { method: "post", path: o.p ?? path, query: "", headers: lower(headers), payloadHash: createHash("sha256").update(o.payload ?? body).digest("hex") },
    { region: "us-east-1", secrets, now: o.now ?? Date.now(), cache: new SigningKeyCache() },
  );
}
