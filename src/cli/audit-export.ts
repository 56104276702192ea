import * as grpc from "@grpc/grpc-js";
import { closeSync, constants, fsyncSync, openSync, rmSync, writeSync } from "node:fs";
import { loadAdminProto } from "../admin/proto.js";

/**
 * `xks-proxy admin audit export [--out FILE] [filters]`: the audit trail as JSON lines, one record
 * per line in seq order. Pages through AuditService.List by seq cursor (after_seq), never by
 * skip/offset, and stops at the highest seq that matched when the export began: records written
 * meanwhile neither shift pages nor make the export endless, and none is written twice or skipped.
 */

/** where the lines (without --out) and the closing summary go */
export interface ExportIo {
  out(text: string): void;
  err(text: string): void;
}

export type AuditRow = Record<string, unknown> & { seq: number };

export interface AuditListPage {
  resources: AuditRow[];
}

/** The one RPC the export needs (AuditService.List). */
export interface AuditExportClient {
  list(req: Record<string, string | number>): Promise<AuditListPage>;
}

const stdio: ExportIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** flag → request field; values are checked by the daemon (INVALID_ARGUMENT names the field) */
const FILTERS: Record<string, string> = {
  "key-store-id": "key_store_id",
  kind: "kind",
  outcome: "outcome",
  operation: "operation",
  "key-id": "key_id",
  since: "since",
  until: "until",
};

const PAGE = 1000; // the admin API's largest page

const USAGE = `usage: xks-proxy admin audit export [--out FILE] [filters]

Writes audit records as JSON lines (one record per line, ordered by seq), every record that
matches when the export starts. FILE is created with mode 0600 and must not exist yet; without
--out the lines go to standard output.

flags:
  --out <file>            write here instead of standard output
  --key-store-id <id>     only this key store
  --kind <xks|admin>      only data-plane or admin records
  --outcome <success|failure>
  --operation <name>      e.g. Encrypt, KeyStoreService.Create, suppressed
  --key-id <id>           only this HYOK key
  --since <ISO time>      inclusive lower bound on the record time
  --until <ISO time>      exclusive upper bound on the record time
  --after-seq <n>         only records after this seq (resume a previous export)
`;

class UsageError extends Error {}

interface ExportArgs {
  out: string | undefined;
  filters: Record<string, string>;
  afterSeq: number;
}

function parseArgs(argv: readonly string[]): ExportArgs | "help" {
  const a: ExportArgs = { out: undefined, filters: {}, afterSeq: 0 };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") return "help";
    if (!arg.startsWith("--")) throw new UsageError(`unexpected argument "${arg}" (flags start with --)`);
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (name !== "out" && name !== "after-seq" && !(name in FILTERS)) {
      throw new UsageError(`unknown flag --${name} for "audit export"; flags: --out, --after-seq, ${Object.keys(FILTERS).map((f) => `--${f}`).join(", ")}`);
    }
    if (seen.has(name)) throw new UsageError(`--${name} given twice`);
    seen.add(name);
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "") throw new UsageError(`--${name} needs a value`);
    if (name === "out") a.out = value;
    else if (name === "after-seq") {
      if (!/^\d{1,15}$/.test(value)) throw new UsageError(`--after-seq takes an integer >= 0, got "${value}"`);
      a.afterSeq = Number(value);
    } else a.filters[FILTERS[name]!] = value;
  }
  return a;
}

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
 * Runs the export; returns the exit code (0 done, 2 usage). A failed call or write is thrown (after
 * removing the partial file) so the dispatcher reports it like any other admin call failure.
 */
export async function auditExport(argv: readonly string[], client: AuditExportClient, io: ExportIo = stdio): Promise<number> {
  let args: ExportArgs | "help";
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`error: ${e.message}\n`);
    return 2;
  }
  if (args === "help") {
    io.out(USAGE);
    return 0;
  }
  const { out, filters } = args;
  let fd: number | undefined;
  try {
    // O_EXCL: never overwrites, never follows a planted symlink
    if (out !== undefined) fd = createExclusive(out);
    const write = (text: string) => (fd === undefined ? io.out(text) : writeAll(fd, text));
    // the snapshot: the highest matching seq now; later records are the next export's
    const top = (await client.list({ ...filters, sort: "-seq", limit: 1 })).resources[0];
    let cursor = args.afterSeq;
    let written = 0;
    while (top && cursor < top.seq) {
      const page = (await client.list({ ...filters, sort: "seq", after_seq: cursor, limit: PAGE })).resources;
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
    return 0;
  } catch (e) {
    if (fd !== undefined) {
      closeSync(fd);
      rmSync(out!, { force: true }); // no half export that looks complete
    }
    throw e;
  }
}

/** An AuditExportClient over gRPC, for the CLI dispatcher (which owns --address, --token-file, --timeout). */
export function auditExportClient(address: string, token: string, timeoutS: number): AuditExportClient & { close(): void } {
  const def = loadAdminProto().services.AuditService.service["List"]!;
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const md = new grpc.Metadata();
  md.set("authorization", `Bearer ${token}`);
  return {
    list: (req) =>
      new Promise<AuditListPage>((resolve, reject) => {
        client.makeUnaryRequest(def.path, def.requestSerialize, def.responseDeserialize, req, md, { deadline: Date.now() + timeoutS * 1000 }, (err, res) =>
          err ? reject(err) : resolve(res as AuditListPage),
        );
      }),
    close: () => client.close(),
  };
}
