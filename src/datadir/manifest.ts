/**
 * A backup directory: the database (SQLite online backup, rollback-journal mode, one file), the
 * master key, the admin token if the data dir had one, and manifest.json - written last, so a
 * backup without it is incomplete - with each file's size and SHA-256, the schema version and what
 * the database holds. The manifest is parsed strictly: an unknown field or file is refused.
 */
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { z } from "zod";
import { DataDirError, READ_NOFOLLOW } from "./secure-file.js";
import { ADMIN_TOKEN_FILE, DB_FILE, MASTER_KEY_FILE } from "./open.js";

export const MANIFEST_FILE = "manifest.json";
export const BACKUP_FORMAT = "xks-proxy-backup";

const fileEntry = z.strictObject({
  name: z.enum([DB_FILE, MASTER_KEY_FILE, ADMIN_TOKEN_FILE]),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits"),
});

const count = z.number().int().nonnegative();

export const manifestSchema = z
  .strictObject({
    format: z.literal(BACKUP_FORMAT),
    formatVersion: z.literal(1),
    producer: z.string().max(200),
    createdAt: z.iso.datetime(),
    schemaVersion: z.number().int().positive(),
    files: z.array(fileEntry).min(2).max(3),
    contents: z.strictObject({ keyStores: count, credentials: count, localSourceKeys: count }),
  })
  .refine((m) => new Set(m.files.map((f) => f.name)).size === m.files.length, "files must not repeat a name")
  .refine((m) => [DB_FILE, MASTER_KEY_FILE].every((n) => m.files.some((f) => f.name === n)), `files must include ${DB_FILE} and ${MASTER_KEY_FILE}`);

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof fileEntry>;

/**
 * Size and SHA-256 of a regular file read without following a symlink, streamed (databases are
 * large); `onChunk` sees the very bytes hashed (a copy that is checked is the copy that is used).
 */
export function hashFile(path: string, what: string, onChunk?: (chunk: Buffer) => void): { size: number; sha256: string } {
  let fd: number;
  try {
    fd = openSync(path, READ_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataDirError(code === "ELOOP" ? `${what} ${path} is a symbolic link` : `${what} ${path} cannot be opened: ${(e as Error).message}`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new DataDirError(`${what} ${path} is not a regular file`);
    const h = createHash("sha256");
    const buf = Buffer.alloc(1 << 20);
    let size = 0;
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) {
      h.update(buf.subarray(0, n));
      onChunk?.(buf.subarray(0, n));
      size += n;
    }
    return { size, sha256: h.digest("hex") };
  } finally {
    closeSync(fd);
  }
}

/** Reads and strictly validates a manifest; every problem is named with its field. */
export function parseManifest(path: string, text: Buffer): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text.toString("utf8"));
  } catch (e) {
    throw new DataDirError(`backup manifest ${path} is not JSON: ${(e as Error).message}`);
  }
  const r = manifestSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new DataDirError(`backup manifest ${path} is not valid: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  return r.data;
}
