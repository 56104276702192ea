import type { AdminDeps } from "../deps.js";
import type { LogInternal } from "../errors.js";
import type { Reservations } from "../reservations.js";
import type { Unary } from "../rpc.js";
import type { SyncJobs } from "./syncJobs.js";

/** What every service implementation gets. */
export interface ServiceContext {
  deps: AdminDeps;
  unary: (service: string) => Unary;
  /** unique names claimed by creations in flight (one set per server) */
  reserve: Reservations;
  logInternal: LogInternal;
  /** synchronization jobs this server runs */
  syncJobs: SyncJobs;
}
