/** `xks-proxy restore --from DIR --data-dir DIR`: a verified backup into an empty data dir. */
import { resolve } from "node:path";
import { restoreDataDir } from "../datadir/restore.js";
import { HELP_FLAG, parseFlags, print, UsageError } from "./common.js";

export const RESTORE_USAGE = `Usage: xks-proxy restore --from DIR --data-dir DIR

Restores a backup made by \`xks-proxy backup\` into an empty or new data dir, with the daemon
stopped. Nothing is installed unless the manifest, every file's SHA-256, the database (integrity,
schema version) and the master key (its key check and every sealed secret) all verify.

  --from DIR       the backup directory (required)
  --data-dir DIR   the data dir to restore into: new, or empty (required)
  -h, --help       this help
`;

export async function runRestore(argv: string[]): Promise<number> {
  const v = parseFlags("restore", argv, { ...HELP_FLAG, from: { type: "string" }, "data-dir": { type: "string" } });
  if (v.help) return print(RESTORE_USAGE).then(() => 0);
  if (!v.from) throw new UsageError("restore: --from DIR is required", "restore");
  if (!v["data-dir"]) throw new UsageError("restore: --data-dir DIR is required", "restore");
  const dataDir = resolve(v["data-dir"]);
  const { contents: c } = await restoreDataDir({ from: resolve(v.from), dataDir });
  process.stdout.write(`restored into ${dataDir}: schema ${c.schemaVersion}, ${c.keyStores} key stores, ${c.credentials} credentials, ${c.localSourceKeys} local source keys (every secret opened under the master key)\n`);
  return 0;
}
