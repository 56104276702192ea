/**
 * One xks-proxy process per XKS port. uSockets binds with SO_REUSEPORT (that is how the data-plane
 * threads share a port), so a second daemon on the same port would silently take part of the
 * traffic. Before the threads bind, this process takes a machine-wide lock for (host, port): a
 * Linux abstract Unix socket, exclusive by name and released by the kernel when the process dies,
 * so a crashed daemon never leaves a stale lock. It then test-binds the port without SO_REUSEPORT,
 * which fails while any other process (an older daemon, anything else) listens there.
 */
import { createServer, type Server } from "node:net";

export interface PortLock {
  release(): Promise<void>;
}

function listen(server: Server, options: { path: string } | { host: string; port: number; exclusive: true }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options, () => {
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
    await listen(lock, { path: `\0xks-proxy:xks:${where}` });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(`XKS port ${where} is already served by another xks-proxy process; one process per XKS port`);
    }
    throw new Error(`could not take the XKS port lock for ${where}: ${(e as Error).message}`);
  }
  lock.unref(); // held for the process's life, but never what keeps the process running
  const probe = createServer();
  try {
    await listen(probe, { host, port, exclusive: true });
    await close(probe);
  } catch (e) {
    await close(lock);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new Error(`XKS port ${where} is in use by another process (another xks-proxy, or something else)`);
    throw new Error(`XKS data plane cannot listen on ${where}: ${code ?? (e as Error).message}`);
  }
  return { release: () => close(lock) };
}
