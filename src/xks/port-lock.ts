/**
 * One xks-proxy process per XKS port. uSockets binds with SO_REUSEPORT (that is how the data-plane
 * threads share a port), so a second daemon on the same port would silently take part of the
 * traffic. Before the threads bind, this process takes a machine-wide lock for (host, port): a
 * Linux abstract Unix socket, exclusive by name and released by the kernel when the process dies,
 * so a crashed daemon never leaves a stale lock. Two daemons started at the same instant both pass
 * the start-time port check (src/lifecycle/ports.ts, which finds any other listener); only one
 * gets this lock.
 */
import { createServer, type Server } from "node:net";

export interface PortLock {
  release(): Promise<void>;
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ path }, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

const close = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()));

export async function lockXksPort(host: string, port: number): Promise<PortLock> {
  const where = `${host}:${port}`;
  const lock = createServer();
  try {
    await listen(lock, `\0xks-proxy:xks:${where}`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(`XKS port ${where} is already served by another xks-proxy process; one process per XKS port`);
    }
    throw new Error(`could not take the XKS port lock for ${where}: ${(e as Error).message}`);
  }
  lock.unref(); // held for the process's life, but never what keeps the process running
  return { release: () => close(lock) };
}
