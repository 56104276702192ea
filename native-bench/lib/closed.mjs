// Closed-loop load from this process, for what wrk cannot do: wrk presents no client certificate,
// so the mutual TLS row runs here. Each of `connections` keep-alive sockets (plain or TLS) sends
// its next pre-signed request as soon as the previous answer is in, like wrk -c. The generator is
// one Node loop (TLS included), so it takes more CPU per request than wrk: compare the server's
// µs per request across generators, not req/s.
import { Conn } from "./paced.mjs";

/** o: { port, raws: string[], durationS, connections = 32, tls? } → { rps, p50, p99 (ms), errors, requests } */
export function runClosed(o) {
  const { port, durationS, connections = 32, tls } = o;
  const raws = o.raws.map((r) => Buffer.from(r));
  return new Promise((resolve) => {
    const lat = [];
    let errors = 0, idx = 0, stopping = false;
    const t0 = performance.now();
    const conns = [];
    const send = (c) => c.send({ t: performance.now() }, raws[idx++ % raws.length]);
    for (let i = 0; i < connections; i++) {
      const c = new Conn(port, (item, status) => {
        lat.push(performance.now() - item.t);
        if (status < 200 || status > 299) errors++;
        if (!stopping) send(c);
      }, tls);
      conns.push(c);
      send(c);
    }
    setTimeout(() => {
      stopping = true;
      const elapsed = (performance.now() - t0) / 1000;
      for (const c of conns) c.close();
      lat.sort((a, b) => a - b);
      const pct = (p) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))];
      resolve({ rps: lat.length / elapsed, p50: pct(50), p99: pct(99), errors, requests: lat.length });
    }, durationS * 1000);
  });
}
