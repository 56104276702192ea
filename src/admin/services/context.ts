import type { AdminDeps } from "../deps.js";
import type { Unary } from "../rpc.js";

/** What every service implementation gets. */
export interface ServiceContext {
  deps: AdminDeps;
  unary: (service: string) => Unary;
}
