import type * as grpc from "@grpc/grpc-js";
import type { FleetNodeMsg, ListFleetNodesRequest, ListFleetNodesResponse } from "../messages.js";
import type { ServiceContext } from "./context.js";

/** FleetService: the daemons sharing this store, as their heartbeats record them. */
export function fleetService(ctx: ServiceContext): grpc.UntypedServiceImplementation {
  const u = ctx.unary("FleetService");
  return {
    List: u<ListFleetNodesRequest, ListFleetNodesResponse>("List", { mutates: false }, async () => {
      const fleet = ctx.deps.fleet;
      if (!fleet) return { nodes: [], live: 1 };
      const nodes: FleetNodeMsg[] = (await fleet.list()).map((n) => ({
        id: n.id,
        host: n.host,
        version: n.version,
        applied_seq: n.appliedSeq,
        started_at: n.startedAt,
        last_seen: new Date(n.lastSeenMs).toISOString(),
        live: n.live,
        self: n.id === fleet.selfId,
      }));
      return { nodes, live: Math.max(1, nodes.filter((n) => n.live).length) };
    }),
  };
}
