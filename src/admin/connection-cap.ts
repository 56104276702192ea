import type * as grpc from "@grpc/grpc-js";
import type { Server as NetServer } from "node:net";

/** Admin connections held at once, by default: admins and scripts, not a fleet of clients. */
export const DEFAULT_MAX_ADMIN_CONNECTIONS = 128;

/**
 * grpc-js keeps every TCP connection to its port for as long as the peer holds it, even one that
 * never sends a byte (it sets no timeout before the HTTP/2 preface, and offers no option for one).
 * Anyone who can reach the admin port could so take every file descriptor of the process, and the
 * data plane then stops accepting: 367 silent connections under `nofile` 400 made XKS `/ping`
 * ECONNREFUSED. So each admin listener takes at most `max` connections; the kernel's next ones are
 * closed at once (net.Server.maxConnections).
 *
 * grpc-js keeps its listeners in a private `http2Servers` map; if a grpc-js upgrade drops it, the
 * start fails here rather than run without the cap.
 */
export function capAdminConnections(server: grpc.Server, max: number): void {
  const listeners = (server as unknown as { http2Servers?: unknown }).http2Servers;
  if (!(listeners instanceof Map) || listeners.size === 0) {
    throw new Error("cannot cap admin connections: @grpc/grpc-js no longer exposes its listeners (Server.http2Servers)");
  }
  for (const l of listeners.keys() as IterableIterator<NetServer>) l.maxConnections = max;
}
