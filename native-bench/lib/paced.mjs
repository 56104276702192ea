// Open-loop paced load over raw keep-alive sockets (no wrk2 on Debian 12). Request i is scheduled at
// t0 + i/rate; its latency is measured from that scheduled time, not from when a connection became
// free, so a stalled server shows up in the percentiles (no coordinated omission).
import { connect } from "node:net";
import { connect as tlsConnect } from "node:tls";

const CRLFCRLF = Buffer.from("\r\n\r\n");

/** One keep-alive connection, one request at a time. tls: { cert, key, ca } for mutual TLS. */
export class Conn {
  constructor(port, onDone, tls) {
    this.port = port; this.onDone = onDone; this.tls = tls; this.busy = null; this.buf = Buffer.alloc(0);
    this.open();
  }
  open() {
    const o = { host: "127.0.0.1", port: this.port, noDelay: true };
    this.sock = this.tls ? tlsConnect({ ...o, ...this.tls, servername: "localhost" }) : connect(o);
    this.sock.on("data", (d) => this.data(d));
    this.sock.on("error", () => {});
    this.sock.on("close", () => {
      const b = this.busy; this.busy = null; this.buf = Buffer.alloc(0);
      if (!this.closed) this.open();
      if (b) this.onDone(b, 0);
    });
  }
  send(item, raw) { this.busy = item; this.sock.write(raw); }
  data(d) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    const h = this.buf.indexOf(CRLFCRLF);
    if (h < 0) return;
    const head = this.buf.subarray(0, h).toString("latin1");
    const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const total = h + 4 + (m ? Number(m[1]) : 0);
    if (this.buf.length < total) return;
    const status = Number(head.slice(9, 12));
    this.buf = this.buf.subarray(total);
    const b = this.busy; this.busy = null;
    if (b) this.onDone(b, status);
  }
  close() { this.closed = true; this.sock.destroy(); }
}

function pct(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * o: { port, raws: string[], rate, durationS, connections, warmupS = 0, onTick?(elapsedS) }
 * → { rps, p50, p99, max (ms), errors, sent, completed, statuses, unsent }
 * Latencies of requests scheduled during the warm-up are not recorded.
 */
export function runPaced(o) {
  const { port, rate, durationS, connections = 32, warmupS = 0 } = o;
  const raws = o.raws.map((r) => Buffer.from(r));
  return new Promise((resolve) => {
    const lat = [];
    const statuses = {};
    let errors = 0, completed = 0, scheduled = 0, idx = 0;
    const queue = []; // scheduled send times (ms, performance.now clock) not yet sent
    const warmEnd = warmupS * 1000;
    const done = (item, status) => {
      completed++;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status < 200 || status > 299) errors++;
      if (item >= t0 + warmEnd) lat.push(performance.now() - item);
    };
    const conns = [];
    const free = [];
    for (let i = 0; i < connections; i++) {
      const c = new Conn(port, (item, status) => { done(item.t, status); free.push(c); dispatch(); });
      conns.push(c); free.push(c);
    }
    const dispatch = () => {
      while (queue.length && free.length) {
        const c = free.pop();
        if (c.busy) continue;
        c.send({ t: queue.shift() }, raws[idx++ % raws.length]);
      }
    };
    const t0 = performance.now();
    const end = t0 + durationS * 1000;
    const total = Math.round(durationS * rate);
    let lastTick = -1;
    const tick = () => {
      const now = performance.now();
      // requests i with scheduled time t0 + i/rate <= now (i = 0 is due at once)
      const due = Math.min(total, Math.floor(((now - t0) / 1000) * rate) + 1);
      while (scheduled < due) queue.push(t0 + (scheduled++ * 1000) / rate);
      dispatch();
      const sec = Math.floor((now - t0) / 1000);
      if (o.onTick && sec !== lastTick) { lastTick = sec; o.onTick(sec); }
      if (now < end) setTimeout(tick, 1);
      else finish();
    };
    const finish = () => {
      const stopAt = performance.now() + 5000;
      const wait = () => {
        if (conns.some((c) => c.busy) && performance.now() < stopAt) return setTimeout(wait, 5);
        const unsent = queue.length;
        for (const c of conns) { if (c.busy) { errors++; statuses.timeout = (statuses.timeout ?? 0) + 1; } c.close(); }
        lat.sort((a, b) => a - b);
        resolve({
          rps: completed / durationS, p50: pct(lat, 50), p99: pct(lat, 99), max: lat[lat.length - 1],
          errors: errors + unsent, sent: scheduled - unsent, completed, unsent, statuses,
        });
      };
      wait();
    };
    tick();
  });
}
