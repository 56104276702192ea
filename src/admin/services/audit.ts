import type * as grpc from "@grpc/grpc-js";
import { invalid } from "../errors.js";
import { auditMsg } from "../mappers.js";
import type { AuditRecordMsg, ListAuditRecordsRequest, ListResponse } from "../messages.js";
import * as v from "../validate.js";
import type { ServiceContext } from "./context.js";


/** after_seq: a seq cursor (int64; 0 or absent = from the start). */
function afterSeq(raw: number | string | undefined): number | undefined {
  if (raw === undefined || raw === 0 || raw === "" || raw === "0") return undefined;
  const n = typeof raw === "number" ? raw : Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw invalid("after_seq", `must be an integer >= 0, got ${String(raw)}`);
  return n;
}

export function auditService(ctx: ServiceContext, flush: () => Promise<void>): grpc.UntypedServiceImplementation {
  const { deps } = ctx;
  const u = ctx.unary("AuditService");
  return {
    List: u<ListAuditRecordsRequest, ListResponse<AuditRecordMsg>>("List", { mutates: false }, async (req) => {
      const filter = {
        keyStoreId: req.key_store_id,
        kind: v.oneOf(req.kind, "kind", ["xks", "admin"]),
        outcome: v.oneOf(req.outcome, "outcome", ["success", "failure"]),
        operation: req.operation,
        keyId: req.key_id,
        since: v.isoTime(req.since, "since"),
        until: v.isoTime(req.until, "until"),
        afterSeq: afterSeq(req.after_seq),
      };
      // records still queued in memory are written first, so a listing sees every recorded event
      await flush();
      const page = await deps.store.audit.list(filter, v.pageParams(req));
      return { ...page, resources: page.resources.map(auditMsg) };
    }),
  };
}
