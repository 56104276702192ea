import * as grpc from "@grpc/grpc-js";
import type { AuditSink } from "../obs/audit.js";
import type { BearerAuth } from "./auth.js";
import { statusName, toServiceError } from "./errors.js";

export interface CallContext {
  /** token fingerprint of the caller */
  actor: string;
}

export interface RpcEnv {
  auth: BearerAuth;
  audit: AuditSink;
  onChange: () => void | Promise<void>;
}

export interface MethodOptions<Req, Res> {
  /** changes state: tell the data plane to reload, and audit the call */
  mutates: boolean;
  /** what the audit record names as target / key store */
  target?: (req: Req, res: Res | undefined) => { targetId?: string; keyStoreId?: string };
}

/**
 * Wraps one RPC: authentication, error mapping, and for changes the reload of the data plane
 * view (synchronously, right after the commit) and an audit record of who did what.
 */
export function makeUnary(env: RpcEnv, service: string) {
  return function unary<Req, Res>(
    method: string,
    opts: MethodOptions<Req, Res>,
    run: (req: Req, ctx: CallContext) => Promise<Res> | Res,
  ): grpc.handleUnaryCall<Req, Res> {
    const operation = `${service}.${method}`;
    return (call, callback) => {
      const req = call.request;
      const actor = env.auth.check(call.metadata);
      const audit = (outcome: "success" | "failure", res: Res | undefined, errorName?: string) => {
        if (!opts.mutates) return;
        let t: { targetId?: string; keyStoreId?: string } = {};
        try {
          t = opts.target?.(req, res) ?? {};
        } catch {
          // a target extractor must never turn a result into a failure
        }
        env.audit.record({ kind: "admin", operation, outcome, errorName, actor: actor ?? "unauthenticated", ...t });
      };
      if (!actor) {
        audit("failure", undefined, "UNAUTHENTICATED");
        const err = toServiceError(new Error("missing or invalid bearer token: send metadata \"authorization: Bearer <token>\""));
        err.code = grpc.status.UNAUTHENTICATED;
        callback(err);
        return;
      }
      Promise.resolve()
        .then(() => run(req, { actor }))
        .then(
          async (res) => {
            if (opts.mutates) {
              try {
                // Acknowledge only once the data plane serves the change.
                await env.onChange();
              } catch (e) {
                // the change is committed; say so, so the operator does not repeat it
                audit("failure", res, "INTERNAL");
                const err = toServiceError(new Error(`change saved, but the data plane could not reload its key view: ${e instanceof Error ? e.message : String(e)}`));
                callback(err);
                return;
              }
            }
            audit("success", res);
            callback(null, res);
          },
          (e: unknown) => {
            const err = toServiceError(e);
            audit("failure", undefined, statusName(err.code));
            callback(err);
          },
        )
        .catch((e: unknown) => callback(toServiceError(e)));
    };
  };
}

export type Unary = ReturnType<typeof makeUnary>;
