/**
 * A fleet on loopback: daemons as real processes sharing one database of a private PostgreSQL
 * cluster (test/helpers/postgres.ts), each with its own data dir and the fleet's master key.
 */
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { adminClient, type AdminClient } from "./admin-client.js";
import type { PgCluster } from "./postgres.js";
import { spawnDaemon, type DaemonProcess } from "./process.js";
import type { scratch } from "./process.js";

export interface FleetNodeProcess extends DaemonProcess {
  dataDir: string;
  admin: AdminClient;
}

export interface FleetOptions {
  /** merged over each node's config */
  extra?: Record<string, unknown>;
}

/** Starts `n` nodes on `url`: the first creates the fleet's master key, the others get a copy of it. */
export async function startFleet(cluster: PgCluster, url: string, space: ReturnType<typeof scratch>, n: number, o: FleetOptions = {}): Promise<FleetNodeProcess[]> {
  const nodes: FleetNodeProcess[] = [];
  for (let i = 0; i < n; i++) nodes.push(await startNode(cluster, url, space, nodes[0]?.dataDir, o));
  return nodes;
}

/** One more node; `keyFrom`: the data dir of a node whose master key it gets (none: the first node). */
export async function startNode(cluster: PgCluster, url: string, space: ReturnType<typeof scratch>, keyFrom: string | undefined, o: FleetOptions = {}): Promise<FleetNodeProcess> {
  const dataDir = space.dataDir();
  if (keyFrom) copyFileSync(join(keyFrom, "master.key"), join(dataDir, "master.key"));
  const passwordFile = join(dataDir, "..", "pgpass");
  writeFileSync(passwordFile, cluster.password, { mode: 0o600 });
  const { fleet, ...rest } = o.extra ?? {};
  const p = await spawnDaemon(dataDir, { store: { url, passwordFile }, fleet: { heartbeatMs: 200, timeoutMs: 2000, ...(fleet as object | undefined) }, ...rest });
  space.procs.push(p);
  return { ...p, dataDir, admin: adminClient(p.adminPort, p.token) };
}

/** Polls `f` until it returns true (every 20 ms, at most `ms`). */
export async function until(what: string, f: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await f()) return;
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
