/**
 * Which transport a data-plane thread runs: `xks.transport` (uws | node | auto). uWS is imported
 * only when asked for, since its module refuses to load without its native binary; `auto` takes
 * that refusal as the answer and runs node:http instead. Mutual TLS runs on node, which sees the
 * client certificate (the config refuses it with uws).
 */
import { nodeTransport } from "./node.js";
import type { Transport } from "./seam.js";

export type TransportChoice = "auto" | Transport["kind"];

export interface LoadedTransport {
  transport: Transport;
  /** `auto` fell back to node: why uWS did not load */
  fallback?: string;
}

export async function loadTransport(choice: TransportChoice, mutualTls: boolean): Promise<LoadedTransport> {
  if (choice === "node" || mutualTls) return { transport: nodeTransport };
  try {
    return { transport: (await import("./uws.js")).uwsTransport };
  } catch (e) {
    if (choice === "uws") throw e;
    return { transport: nodeTransport, fallback: e instanceof Error ? e.message : String(e) };
  }
}
