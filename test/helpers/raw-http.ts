/** Raw HTTP/1.1 over a plain TCP socket: what a hostile or broken client really puts on the wire. */
import { connect, type Socket } from "node:net";

export interface RawExchange {
  /** every byte the server sent, as latin1 text */
  text: string;
  /** status codes of the responses found in `text`, in order */
  statuses: number[];
  /** the server closed (FIN or reset) rather than the client */
  closedByServer: boolean;
  /** set when the socket saw an error (ECONNRESET, EPIPE) */
  error?: string;
  /** ms from connect until the server's close */
  closedAfterMs: number;
}

export function statusesOf(text: string): number[] {
  return [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
}

/**
 * Sends `head`, then `bodyBytes` bytes of filler (respecting backpressure), then `tail`, and reads
 * until the server closes or `waitMs` passes (the client then ends the socket itself).
 * `stallAfter`: stop sending after that many body bytes and just wait.
 */
export function exchange(port: number, o: { head: string; bodyBytes?: number; tail?: string; waitMs?: number; stallAfter?: number }): Promise<RawExchange> {
  return new Promise((resolve) => {
    const started = Date.now();
    const s: Socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let error: string | undefined;
    let closedByServer = false;
    let clientEnded = false;
    s.on("data", (d: Buffer) => chunks.push(d));
    s.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    s.on("end", () => {
      if (!clientEnded) closedByServer = true;
    });
    const timer = setTimeout(() => {
      clientEnded = true;
      s.end();
      setTimeout(() => s.destroy(), 200).unref();
    }, o.waitMs ?? 15_000);
    s.on("close", () => {
      clearTimeout(timer);
      if (!clientEnded) closedByServer = true;
      const text = Buffer.concat(chunks).toString("latin1");
      resolve({ text, statuses: statusesOf(text), closedByServer, error, closedAfterMs: Date.now() - started });
    });
    const total = o.stallAfter ?? o.bodyBytes ?? 0;
    const filler = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < total && !s.destroyed) {
        const n = Math.min(filler.length, total - sent);
        sent += n;
        if (!s.write(filler.subarray(0, n))) return void s.once("drain", pump);
      }
      if (o.tail && o.stallAfter === undefined && !s.destroyed) s.write(o.tail);
    };
    s.once("connect", () => {
      s.write(o.head);
      pump();
    });
  });
}

/** One keep-alive connection that sends requests one by one and reads each answer. */
export class KeepAlive {
  readonly #s: Socket;
  #buf = "";
  #wake: (() => void) | undefined;
  readonly ready: Promise<void>;
  /** resolves when the connection has closed (either side) */
  readonly closed: Promise<void>;
  constructor(port: number) {
    this.#s = connect(port, "127.0.0.1");
    this.#s.on("data", (d: Buffer) => {
      this.#buf += d.toString("latin1");
      this.#wake?.();
    });
    this.#s.on("error", () => undefined);
    this.ready = new Promise((r) => this.#s.once("connect", () => r()));
    this.closed = new Promise((r) => this.#s.once("close", () => r()));
  }
  /** sends a GET and resolves with the status and body of its answer */
  async get(path: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
    this.#s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
    const until = Date.now() + timeoutMs;
    for (;;) {
      const m = /^HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n/.exec(this.#buf);
      if (m) {
        const len = Number(/content-length: (\d+)/i.exec(m[2]!)?.[1] ?? "0");
        const start = m[0].length;
        if (this.#buf.length >= start + len) {
          const body = this.#buf.slice(start, start + len);
          this.#buf = this.#buf.slice(start + len);
          return { status: Number(m[1]), body };
        }
      }
      const left = until - Date.now();
      if (left <= 0) throw new Error(`no answer to GET ${path} within ${timeoutMs} ms`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.#wake = () => (clearTimeout(t), r());
      });
    }
  }
  close(): void {
    this.#s.destroy();
  }
}
