import { closeSync, constants, fsyncSync, openSync, rmSync, writeSync } from "node:fs";
import type { CliIo, CustomCommand, CustomFlag } from "./admin-spec.js";

/**
 * `xks-proxy admin audit export [--out FILE] [filters]`: the audit trail as JSON lines, one record
 * per line in seq order. Pages through AuditService.List by seq cursor (after_seq), never by
 * skip/offset, and stops at the highest seq that matched when the export began: records written
 * meanwhile neither shift pages nor make the export endless, and none is written twice or skipped.
 */

export type AuditRow = Record<string, unknown> & { seq: number };

export interface AuditListPage {
  resources: AuditRow[];
}

/** One AuditService.List call. */
export type ListAudit = (req: Record<string, string | number>) => Promise<AuditListPage>;

export interface AuditExportOptions {
  /** the file to create; undefined: the lines go to io.out */
  out?: string;
  /** ListAuditRecordsRequest filter fields; their values are checked by the daemon */
  filters: Record<string, string>;
  /** export only records after this seq (resume) */
  afterSeq: number;
}

const PAGE = 1000; // the admin API's largest page

/** writeSync may write less than asked (e.g. a nearly full disk): loop until all is written or it throws */
function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, "utf8");
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
}

function createExclusive(path: string): number {
  try {
    return openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") throw new Error(`${path} already exists: the export never overwrites a file`);
    throw e;
  }
}

/**
 * Writes the export and its summary line (on io.err); returns how many records it wrote. A failed
 * call or write is thrown after the partial file is removed.
 */
export async function exportAudit(opts: AuditExportOptions, list: ListAudit, io: CliIo): Promise<number> {
  const { out, filters } = opts;
  let fd: number | undefined;
  try {
    // O_EXCL: never overwrites, never follows a planted symlink
    if (out !== undefined) fd = createExclusive(out);
    const write = (text: string) => (fd === undefined ? io.out(text) : writeAll(fd, text));
    // the snapshot: the highest matching seq now; later records are the next export's
    const top = (await list({ ...filters, sort: "-seq", limit: 1 })).resources[0];
    let cursor = opts.afterSeq;
    let written = 0;
    while (top && cursor < top.seq) {
      const page = (await list({ ...filters, sort: "seq", after_seq: cursor, limit: PAGE })).resources;
      if (page.length === 0) break; // the rest was deleted by retention meanwhile
      let text = "";
      for (const r of page) {
        if (r.seq > top.seq) break;
        if (!(r.seq > cursor)) throw new Error(`the daemon answered seq ${r.seq} after ${cursor}: not in seq order`);
        text += JSON.stringify(r) + "\n";
        cursor = r.seq;
        written++;
      }
      write(text);
      if (page.length < PAGE) break;
    }
    if (fd !== undefined) {
      fsyncSync(fd); // "exported" means on disk
      closeSync(fd);
      fd = undefined;
    }
    io.err(`exported ${written} audit records${written ? ` (up to seq ${cursor})` : ""}${out !== undefined ? ` to ${out}` : ""}\n`);
    return written;
  } catch (e) {
    if (fd !== undefined) {
      closeSync(fd);
      rmSync(out!, { force: true }); // no half export that looks complete
    }
    throw e;
  }
}

/** Filter flags: each sets the ListAuditRecordsRequest field of its name in snake_case. */
const FILTERS: CustomFlag[] = [
  { name: "key-store-id", kind: "string", help: "only this key store" },
  { name: "kind", kind: "string", help: "xks (data plane) or admin" },
  { name: "outcome", kind: "string", help: "success or failure" },
  { name: "operation", kind: "string", help: "e.g. Encrypt, KeyStoreService.Create, suppressed" },
  { name: "key-id", kind: "string", help: "only this HYOK key" },
  { name: "since", kind: "string", help: "ISO 8601 time, inclusive lower bound on the record time" },
  { name: "until", kind: "string", help: "ISO 8601 time, exclusive upper bound on the record time" },
];

export const auditExportCommand: CustomCommand = {
  noun: "audit",
  verb: "export",
  summary: "every audit record that matches when it starts, as JSON lines in seq order (a summary line on standard error)",
  flags: [
    { name: "out", kind: "string", help: "create this file (mode 0600; it must not exist) instead of writing to standard output" },
    ...FILTERS,
    { name: "after-seq", kind: "int", min: 0, max: Number.MAX_SAFE_INTEGER, help: "only records after this seq: resume from the last seq a previous export wrote" },
  ],
  async run(ctx) {
    if (ctx.output === "table") throw ctx.usage('"audit export" writes JSON lines; --output table is not available');
    const given = (name: string): string | undefined => {
      const v = ctx.values[name] as string | undefined;
      if (v === "") throw ctx.usage(`--${name} needs a value`); // an empty filter would silently match everything
      return v;
    };
    const filters: Record<string, string> = {};
    for (const f of FILTERS) {
      const v = given(f.name);
      if (v !== undefined) filters[f.name.replaceAll("-", "_")] = v;
    }
    const out = given("out");
    const afterSeq = (ctx.values["after-seq"] as number | undefined) ?? 0;
    await exportAudit({ out, filters, afterSeq }, (req) => ctx.call("AuditService", "List", req) as Promise<AuditListPage>, ctx.io);
  },
};
