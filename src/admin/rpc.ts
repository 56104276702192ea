import * as grpc from "@grpc/grpc-js";
import { randomUUID } from "node:crypto";
import type { NewAuditRecord } from "../store/audit.js";
import type { Store } from "../store/db.js";
import type { BearerAuth } from "./auth.js";
import { AwsKmsError } from "../aws/errors.js";
import { serviceError, statusName, toServiceError, unauthenticated, type LogInternal } from "./errors.js";

export interface AuditTarget {
  targetId?: string | undefined;
  keyStoreId?: string | undefined;
  /** the request id AWS KMS gave the call's AWS request (admin actions that call AWS) */
  kmsRequestId?: string | undefined;
}

export interface CallContext {
  /** token fingerprint of the caller */
  actor: string;
  /**
   * Applies a change: runs fn and writes the call's audit record in ONE transaction, so a change
   * is never acknowledged without its record (and fails, rolled back, when the record cannot be
   * written). `target` names what changed (default: the method's own target extractor).
   */
  commit<T>(fn: () => Promise<T>, target?: (result: T) => AuditTarget): Promise<T>;
}

export interface RpcEnv {
  auth: BearerAuth;
  store: Store;
  onChange: () => void | Promise<void>;
  logInternal: LogInternal;
}

export interface MethodOptions<Req, Res> {
  /** changes state: must commit through ctx.commit; the data plane reloads before the answer */
  mutates: boolean;
  /** what the audit record names as target / key store (for failures, and commits without their own) */
  target?: (req: Req, res: Res | undefined) => AuditTarget | Promise<AuditTarget>;
}

function auditRecord(operation: string, actor: string, outcome: "success" | "failure", t: AuditTarget, errorName = ""): NewAuditRecord {
  return {
    id: randomUUID(),
    at: new Date().toISOString(),
    kind: "admin",
    operation,
    outcome,
    errorName,
    keyStoreId: t.keyStoreId ?? "",
    keyId: "",
    kmsRequestId: t.kmsRequestId ?? "",
    actor,
    targetId: t.targetId ?? "",
    count: 1,
  };
}

/**
 * Wraps one RPC: authentication (the server interceptor already refused calls without a valid
 * token; this is the second line), error mapping, and for changes the audit record written in the
 * change's own transaction and the reload of the data plane's view before the answer.
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
      if (!actor) {
        callback(unauthenticated());
        return;
      }
      const targetOf = async (res: Res | undefined): Promise<AuditTarget> => {
        try {
          return (await opts.target?.(req, res)) ?? {};
        } catch {
          return {}; // a target extractor must never turn a result into a failure
        }
      };
      let commits = 0;
      const ctx: CallContext = {
        actor,
        commit: async (fn, target) => {
          if (!opts.mutates) throw new Error(`${operation} is declared read-only but tried to commit a change`);
          const result = await env.store.transaction(async () => {
            const r = await fn();
            await env.store.audit.insertMany([auditRecord(operation, actor, "success", target ? target(r) : await targetOf(undefined))]);
            return r;
          });
          commits++;
          return result;
        },
      };
      const fail = async (e: unknown) => {
        const err = toServiceError(e, env.logInternal, operation);
        if (opts.mutates) {
          try {
            // an AWS failure is recorded in AWS's words, with the request id AWS gave it
            const aws = e instanceof AwsKmsError ? e : undefined;
            const t = { ...(await targetOf(undefined)), ...(aws?.requestId ? { kmsRequestId: aws.requestId } : {}) };
            await env.store.audit.insertMany([auditRecord(operation, actor, "failure", t, aws ? aws.awsName : statusName(err.code))]);
          } catch (ae) {
            env.logInternal(operation, ae);
          }
        }
        callback(err);
      };
      Promise.resolve()
        .then(() => run(req, ctx))
        .then(async (res) => {
          if (opts.mutates) {
            if (commits === 0) throw new Error(`${operation} answered without committing a change through ctx.commit`);
            try {
              // Acknowledge only once the data plane serves the change.
              await env.onChange();
            } catch (e) {
              // the change and its record are committed; say so, so the operator does not repeat it
              env.logInternal(operation, e);
              callback(serviceError(grpc.status.INTERNAL, "change saved and audited, but the data plane could not reload its key view; see the daemon log"));
              return;
            }
          }
          callback(null, res);
        })
        .catch(fail)
        // fail answers the call; only a throwing callback could get here
        .catch((e: unknown) => env.logInternal(operation, e));
    };
  };
}

export type Unary = ReturnType<typeof makeUnary>;
