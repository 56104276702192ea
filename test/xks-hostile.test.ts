/**
 * Hostile HTTP on the data plane, over raw TCP sockets against a real daemon: over-limit, slow and
 * partial bodies get a readable answer and a clean close; ambiguous framing (request smuggling) is
 * refused and nothing behind it is answered; the unauthenticated key store health check.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDaemon, TRANSPORTS, type TestDaemon } from "./helpers/daemon.js";
import { exchange, KeepAlive } from "./helpers/raw-http.js";
import { send } from "./helpers/sign.js";

const MiB = 1024 * 1024;
const run = promisify(execFile);

for (const transport of TRANSPORTS) {
  describe(`hostile HTTP on the XKS data plane (${transport} transport)`, () => {
    let t: TestDaemon;
    let port: number;
    let base: string;
    let storeId: string;

    beforeAll(async () => {
      t = await startTestDaemon({ transport });
      port = t.daemon.xksPort;
      const ks = await t.admin.keyStores("Create", { name: "hostile", kms: "111122223333", region: "us-east-1" });
      storeId = ks.id;
      base = ks.aws_param.xks_proxy_uri_path;
    });
    afterAll(async () => {
      await t?.stop();
    });

    const postHead = (path: string, length: number, extra = "") => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${extra}Content-Length: ${length}\r\n\r\n`;

    describe("over-limit bodies (xks.maxBodyBytes 64 KiB)", () => {
      for (const size of [2 * MiB, 10 * MiB]) {
        it(`a ${size / MiB} MiB POST: the client reads the whole 501 JSON answer, then the server closes cleanly`, async () => {
          const r = await exchange(port, { head: postHead(`${base}/keys/k1/encrypt`, size), bodyBytes: size });
          expect(r.error).toBeUndefined(); // no EPIPE / ECONNRESET
          expect(r.statuses).toEqual([501]);
          expect(r.text).toMatch(/\r\nConnection: close\r\n/i);
          const json = JSON.parse(r.text.slice(r.text.indexOf("\r\n\r\n") + 4)) as Record<string, string>;
          expect(json.errorName).toBe("UnsupportedOperationException");
          expect(json.errorMessage).toMatch(/larger than 65536 bytes/);
          expect(r.closedByServer).toBe(true);
        });
      }

      it("curl (Expect: 100-continue) and node:http clients read the 501 for a 2 MiB body", async () => {
        const file = join(mkdtempSync(join(tmpdir(), "xks-big-")), "body");
        writeFileSync(file, Buffer.alloc(2 * MiB, 0x61));
        for (const expectHeader of ["Expect: 100-continue", "Expect:"]) {
          const { stdout } = await run("curl", ["-sS", "-X", "POST", "-H", "Content-Type: application/json", "-H", expectHeader, "--data-binary", `@${file}`, "-w", "\n%{http_code}", `http://127.0.0.1:${port}${base}/keys/k1/encrypt`], { encoding: "utf8" });
          const [body, code] = stdout.split("\n");
          expect(code).toBe("501");
          expect((JSON.parse(body!) as Record<string, string>).errorName).toBe("UnsupportedOperationException");
        }
        const r = await send(port, `${base}/keys/k1/encrypt`, "a".repeat(2 * MiB), { "content-type": "application/json" });
        expect([r.status, r.json.errorName]).toEqual([501, "UnsupportedOperationException"]);
      });

      it("memory stays bounded across 20 × 10 MiB bodies (discarded as they arrive, never buffered)", async () => {
        const overLimit = async () => {
          const r = await exchange(port, { head: postHead(`${base}/keys/k1/encrypt`, 10 * MiB), bodyBytes: 10 * MiB });
          expect(r.statuses).toEqual([501]);
        };
        // a warm-up first: the heap grows to its working size on the first bodies' garbage (Node 22+'s
        // young generation is larger than Node 20's), which is not what this test is about
        for (let i = 0; i < 10; i++) await overLimit();
        const before = process.memoryUsage().rss;
        for (let i = 0; i < 20; i++) await overLimit();
        // 200 MiB went through the daemon (same process); keeping the bodies would show.
        expect(process.memoryUsage().rss - before).toBeLessThan(48 * MiB);
      });

      it("a body that stops halfway is answered (400 ValidationException) and closed within the body budget", async () => {
        const r = await exchange(port, { head: postHead(`${base}/keys/k1/encrypt`, 4000), stallAfter: 2000 });
        expect(r.statuses).toEqual([400]);
        expect(r.text).toMatch(/"errorName":"ValidationException".*did not arrive within 5000 ms/);
        expect(r.closedByServer).toBe(true);
        expect(r.closedAfterMs).toBeGreaterThanOrEqual(4900);
        expect(r.closedAfterMs).toBeLessThan(7500); // before uWS's own idle close (no answer) at 8-12 s
      });

      it("an over-limit body that stops halfway gets its 501 within the body budget", async () => {
        const r = await exchange(port, { head: postHead(`${base}/keys/k1/encrypt`, 2 * MiB), stallAfter: 256 * 1024 });
        expect(r.statuses).toEqual([501]);
        expect(r.closedByServer).toBe(true);
        expect(r.closedAfterMs).toBeLessThan(7500);
      });
    });

    describe("request smuggling", () => {
      const smuggled = "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n";
      const head = (headers: string) => `POST ${"/kms/xks/v1/health"} HTTP/1.1\r\nHost: x\r\n${headers}\r\n`;

      it("two different Content-Length headers, or Transfer-Encoding: chunked: 400 and close when alone", async () => {
        const dup = await exchange(port, { head: `${head("Content-Length: 4\r\nContent-Length: 50\r\n")}abcd`, waitMs: 3000 });
        expect(dup.statuses).toEqual([400]);
        expect(dup.text).toMatch(/More than one Content-Length header/);
        expect(dup.closedByServer).toBe(true);
        const chunked = await exchange(port, { head: `${head("Transfer-Encoding: chunked\r\n")}4\r\nabcd\r\n0\r\n\r\n`, waitMs: 3000 });
        expect(chunked.statuses).toEqual([400]);
        expect(chunked.text).toMatch(/Transfer-Encoding is not supported/);
        expect(chunked.closedByServer).toBe(true);
      });

      const ambiguous: Record<string, string> = {
        "two different Content-Length headers": "Content-Length: 4\r\nContent-Length: 50\r\n",
        "two equal Content-Length headers": "Content-Length: 4\r\nContent-Length: 4\r\n",
        "Content-Length and Transfer-Encoding": "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: chunked": "Transfer-Encoding: chunked\r\n",
        "Transfer-Encoding: xchunked": "Transfer-Encoding: xchunked\r\n",
        "a negative Content-Length": "Content-Length: -4\r\n",
        "a non-numeric Content-Length": "Content-Length: 4x\r\n",
        "a Content-Length list": "Content-Length: 4, 4\r\n",
      };
      for (const [name, headers] of Object.entries(ambiguous)) {
        it(`${name}, with a second request in the same write: the second is never answered, the connection closes`, async () => {
          const body = headers.includes("chunked") ? "4\r\nabcd\r\n0\r\n\r\n" : "abcd";
          const r = await exchange(port, { head: `${head(headers)}${body}${smuggled}`, waitMs: 3000 });
          expect(r.text).not.toMatch(/\r\n\r\nok$|200 OK/);
          expect(r.statuses.every((s) => s === 400)).toBe(true);
          expect(r.statuses.length).toBeLessThanOrEqual(1);
          expect(r.closedByServer).toBe(true);
        });
      }

      it("duplicate Content-Length on a GET is refused too; a clean pipelined pair is still served", async () => {
        const dup = await exchange(port, { head: "GET /ping HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n", waitMs: 3000 });
        expect(dup.statuses).toEqual([400]);
        expect(dup.closedByServer).toBe(true);
        const clean = await exchange(port, { head: `${smuggled}${smuggled}`, waitMs: 500 });
        expect(clean.statuses).toEqual([200, 200]);
      });
    });

    describe("unauthenticated key store health check", () => {
      it("answers 200 with no body for a usable store, 404 for an unknown one, 429 past 2 requests/s", async () => {
        const ka = new KeepAlive(port);
        await ka.ready;
        try {
          const unknown = await ka.get("/keystores/00000000-0000-4000-8000-000000000000/health");
          expect(unknown.status).toBe(404);
          const answers: number[] = [];
          for (let i = 0; i < 5; i++) answers.push((await ka.get(`/keystores/${storeId}/health`)).status);
          // a fresh bucket holds 2 tokens; five back-to-back calls take well under the 500 ms refill
          expect(answers.slice(0, 2)).toEqual([200, 200]);
          expect(answers.slice(2)).toContain(429);
        } finally {
          ka.close();
        }
        const first = await send(port, `/api/v1/cckm/aws/custom-key-stores/${storeId}/health`, "", {}, "GET");
        expect([200, 429]).toContain(first.status);
      });

      it("the 2 requests/s limit holds across data-plane threads (20 connections at once)", async () => {
        const ks = await t.admin.keyStores("Create", { name: "health-burst", kms: "111122223333", region: "us-east-1" });
        const started = performance.now();
        const statuses = await Promise.all(Array.from({ length: 20 }, () => send(port, `/keystores/${ks.id}/health`, "", {}, "GET").then((r) => r.status)));
        const seconds = (performance.now() - started) / 1000;
        expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
        // a full bucket (2) plus what refilled while the 20 were answered; per thread it would be 2 × threads
        expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(2 + Math.ceil(seconds * 2));
        expect(statuses.filter((s) => s !== 200).every((s) => s === 429)).toBe(true);
      });

      it("a blocked store answers 503 (InvalidStateException), a deleted one 404; POST works as GET", async () => {
        const ks = await t.admin.keyStores("Create", { name: "health-block", kms: "111122223333", region: "us-east-1" });
        await t.admin.keyStores("Block", { id: ks.id });
        const blocked = await send(port, `/keystores/${ks.id}/health`, "", {}, "GET");
        expect({ status: blocked.status, errorName: blocked.json.errorName }).toEqual({ status: 503, errorName: "InvalidStateException" });
        await t.admin.keyStores("Unblock", { id: ks.id });
        const back = await send(port, `/keystores/${ks.id}/health`, "", {}, "POST");
        expect({ status: back.status, body: back.body }).toEqual({ status: 200, body: "" });
        await t.admin.keyStores("Delete", { id: ks.id });
        expect((await send(port, `/keystores/${ks.id}/health`, "", {}, "GET")).status).toBe(404);
      });
    });
  });

  describe(`over-limit bodies over HTTPS (${transport} transport)`, () => {
    let t: TestDaemon;
    let base: string;
    const dir = mkdtempSync(join(tmpdir(), "xks-tls-big-"));
    const cert = join(dir, "cert.pem");
    const key = join(dir, "key.pem");

    beforeAll(async () => {
      await run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"]);
      t = await startTestDaemon({ transport, xks: { tls: { certFile: cert, keyFile: key } } });
      base = (await t.admin.keyStores("Create", { name: "hostile-tls", kms: "111122223333", region: "us-east-1" })).aws_param.xks_proxy_uri_path;
    });
    afterAll(async () => {
      await t?.stop();
    });

    for (const size of [2 * MiB, 10 * MiB]) {
      it(`a ${size / MiB} MiB POST over TLS: the client reads the 501 JSON answer`, async () => {
        const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = httpsRequest({ host: "127.0.0.1", port: t.daemon.xksPort, path: `${base}/keys/k1/encrypt`, method: "POST", ca: readFileSync(cert), agent: false, headers: { "content-type": "application/json", "content-length": size } }, (res) => {
            let body = "";
            res.on("data", (d: Buffer) => (body += d.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on("error", reject);
          req.end(Buffer.alloc(size, 0x61));
        });
        expect(answer.status).toBe(501);
        expect((JSON.parse(answer.body) as Record<string, string>).errorName).toBe("UnsupportedOperationException");
      });
    }
  });
}
