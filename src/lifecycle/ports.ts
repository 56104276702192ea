/**
 * Start-time check that every port the daemon will listen on is free, before any thread or server
 * starts: a port in use is then one clear line, with nothing to tear down. The data plane's uWS
 * threads share their port through SO_REUSEPORT, which would let a second daemon on the same port
 * silently take part of the traffic; this probe binds without it, so any listener already there
 * (another xks-proxy included, whatever its data dir) is found. Binding can still fail later (a
 * race with another process); the caller tears down what started and names the port then too.
 */
import { createServer, type Server } from "node:net";

export interface PortUse {
  /** what listens there, e.g. "admin API" */
  what: string;
  host: string;
  port: number;
}

export function describeListenError(u: PortUse, e: unknown): string {
  // grpc-js reports a failed bind as text that carries the errno name
  const code = (e as NodeJS.ErrnoException).code ?? /\b(EADDRINUSE|EACCES|EADDRNOTAVAIL)\b/.exec(String((e as Error).message))?.[1];
  const where = `${u.what} cannot listen on ${u.host}:${u.port}`;
  if (code === "EADDRINUSE") return `${where}: the port is in use by another process`;
  if (code === "EACCES") return `${where}: a port below 1024 needs root or CAP_NET_BIND_SERVICE`;
  if (code === "EADDRNOTAVAIL") return `${where}: ${u.host} is not an address of this machine`;
  return `${where}: ${(e as Error).message}`;
}

function probe(u: PortUse): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", (e) => reject(new Error(describeListenError(u, e))));
    s.listen({ host: u.host, port: u.port, exclusive: true }, () => resolve(s));
  });
}

/**
 * Resolves when every port can be bound (all at once, so two parts given one port are found). A
 * port of 0 is probed too: it checks the host, which the data plane would otherwise first resolve
 * in an unnamed bind ("getaddrinfo ENOTFOUND ..." with no word of xks.host).
 */
export async function assertPortsFree(uses: PortUse[]): Promise<void> {
  const held: Server[] = [];
  try {
    for (const u of uses) held.push(await probe(u));
  } finally {
    await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
  }
}
