/** `xks-proxy backup --out DIR [--data-dir DIR]`: a verified copy of a data dir while its daemon runs. */
import { resolve } from "node:path";
import { backupDataDir } from "../datadir/backup.js";
import { PRODUCT, VERSION } from "../main.js";
import { HELP_FLAG, parseFlags, print, UsageError } from "./common.js";

export const BACKUP_USAGE = `Usage: xks-proxy backup --out DIR [--data-dir DIR]

Copies a data dir, also while its daemon runs: the database (SQLite online backup), the master
key, the admin token if there is one, and manifest.json with each file's size and SHA-256.
DIR must be new or empty; it is made mode 0700 and every file in it 0600. Keep it as secret as
the data dir itself: the master key opens every secret in the database.

  --out DIR        the backup directory (required)
  --data-dir DIR   the data dir to back up (default: $XKS_DATA_DIR, else ./data)
  -h, --help       this help
`;

export async function runBackup(argv: string[]): Promise<number> {
  const v = parseFlags("backup", argv, { ...HELP_FLAG, out: { type: "string" }, "data-dir": { type: "string" } });
  if (v.help) return print(BACKUP_USAGE).then(() => 0);
  if (!v.out) throw new UsageError("backup: --out DIR is required", "backup");
  const dataDir = resolve(v["data-dir"] ?? process.env.XKS_DATA_DIR ?? "./data");
  const m = await backupDataDir({ dataDir, out: resolve(v.out), producer: `${PRODUCT} ${VERSION}` });
  const c = m.contents;
  process.stdout.write(`backup of ${dataDir} written to ${resolve(v.out)}: schema ${m.schemaVersion}, ${c.keyStores} key stores, ${c.credentials} credentials, ${c.localSourceKeys} local source keys\n`);
  return 0;
}
