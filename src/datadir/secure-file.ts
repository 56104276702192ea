/**
 * Files that hold secrets (master key, admin token, database) and the directory that holds them.
 * A secret file must be a regular file owned by the daemon's user, not a symbolic link, and not
 * accessible to group or others. It is opened with O_NOFOLLOW and checked with fstat on the open
 * descriptor, so what is checked is what is read (a planted symlink can never stand in for it), and
 * nothing here ever changes a file's mode. Secret files are written atomically: a fresh temporary
 * file in the same directory, fsync, rename, fsync of the directory - a crash or a full disk leaves
 * either the old file or the new one, never a truncated one.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from "node:fs";
import { basename, dirname, join } from "node:path";

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = constants;
/** O_NONBLOCK: a FIFO planted in place of a file must not block the open; fstat then refuses it. */
export const READ_NOFOLLOW = O_RDONLY | O_NOFOLLOW | O_NONBLOCK;

export class DataDirError extends Error {}

const uid = (): number | undefined => process.getuid?.();
const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, "0");

/**
 * Each directory above the data dir must be writable only by root or the daemon's user (or be
 * sticky, like /tmp): whoever can write a parent can rename the data dir and put another in place.
 */
function checkAncestors(dir: string, me: number): void {
  for (let d = dirname(dir); ; d = dirname(d)) {
    const st = statSync(d);
    const sticky = (st.mode & 0o1000) !== 0;
    if (st.uid !== 0 && st.uid !== me) {
      throw new DataDirError(`data dir ${dir} is inside ${d}, owned by uid ${st.uid}: that user could replace the data dir; use a data dir whose parent dirs belong to root or uid ${me}`);
    }
    if ((st.mode & 0o002) !== 0 && !sticky) {
      throw new DataDirError(`data dir ${dir} is inside ${d} (mode ${octal(st.mode)}), which every user can write: they could replace the data dir; use another location or chmod o-w ${d}`);
    }
    if (d === dirname(d)) return;
  }
}

/**
 * The directory is created 0700 when missing; an existing one must be a directory of this
 * process's user, closed to group and others, below parent dirs no other user can write.
 */
export function checkDataDir(dir: string): void {
  let st: Stats;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    st = statSync(dir);
  } catch (e) {
    throw new DataDirError(`data dir ${dir} cannot be created or read: ${(e as Error).message}`);
  }
  if (!st.isDirectory()) throw new DataDirError(`data dir ${dir} is not a directory`);
  const me = uid();
  if (me === undefined) return; // no POSIX ownership (Windows)
  if (st.uid !== me) {
    throw new DataDirError(`data dir ${dir} is owned by uid ${st.uid}, but this process runs as uid ${me}: run as the data dir's owner (e.g. sudo -u), or chown it`);
  }
  if ((st.mode & 0o022) !== 0) {
    throw new DataDirError(`data dir ${dir} has mode ${octal(st.mode)}: other users could replace its files; it must not be writable by group or others (chmod 700 ${dir})`);
  }
  checkAncestors(realpathSync(dir), me);
}

function checkOpened(path: string, what: string, st: Stats): void {
  if (!st.isFile()) throw new DataDirError(`${what} ${path} is not a regular file`);
  const me = uid();
  if (me !== undefined && st.uid !== me) throw new DataDirError(`${what} ${path} is owned by uid ${st.uid}, but this process runs as uid ${me}`);
  if ((st.mode & 0o077) !== 0) throw new DataDirError(`${what} ${path} has mode ${octal(st.mode)}; it must be 0600 (chmod 600 ${path})`);
}

function openNoFollow(path: string, what: string): number | undefined {
  try {
    return openSync(path, READ_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ELOOP") throw new DataDirError(`${what} ${path} is a symbolic link; it must be a regular file (remove the link)`);
    throw new DataDirError(`${what} ${path} cannot be opened: ${(e as Error).message}`);
  }
}

/** The size of a secret file after checking it, or undefined when it does not exist. */
export function inspectSecretFile(path: string, what: string): number | undefined {
  const fd = openNoFollow(path, what);
  if (fd === undefined) return undefined;
  try {
    const st = fstatSync(fd);
    checkOpened(path, what, st);
    return st.size;
  } finally {
    closeSync(fd);
  }
}

/** Reads a secret file (at most maxBytes) after checking it; undefined when it does not exist. */
export function readSecretFile(path: string, what: string, maxBytes: number): Buffer | undefined {
  const fd = openNoFollow(path, what);
  if (fd === undefined) return undefined;
  try {
    const st = fstatSync(fd);
    checkOpened(path, what, st);
    if (st.size > maxBytes) throw new DataDirError(`${what} ${path} is ${st.size} bytes, more than the ${maxBytes} it may hold`);
    const buf = Buffer.alloc(st.size);
    let n = 0;
    while (n < buf.length) {
      const r = readSync(fd, buf, n, buf.length - n, n);
      if (r === 0) break;
      n += r;
    }
    return buf.subarray(0, n);
  } catch (e) {
    if (e instanceof DataDirError) throw e;
    throw new DataDirError(`${what} ${path} cannot be read: ${(e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

/** fsync of a directory makes a rename or a new entry in it durable. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const tempName = (path: string) => join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString("hex")}`);
const createExclusive = (tmp: string) => openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);

/** An empty, exclusively created 0600 file next to `path`, to be filled and then installed on it. */
export function createTempBeside(path: string): string {
  const tmp = tempName(path);
  closeSync(createExclusive(tmp));
  return tmp;
}

/** fsync of a file written by someone else (SQLite): its content is on disk before it is used. */
export function fsyncFile(path: string): void {
  const fd = openSync(path, READ_NOFOLLOW);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Moves a finished temporary file onto its final name durably: fsync it, rename, fsync the dir. */
export function installTemp(tmp: string, path: string): void {
  fsyncFile(tmp);
  renameSync(tmp, path);
  fsyncDir(dirname(path));
}

/** Removes a temporary file that will not be installed (a failed write); absent is fine. */
export function discardTemp(tmp: string): void {
  try {
    unlinkSync(tmp);
  } catch {
    // never created or already installed
  }
}

/** Writes a whole file atomically with mode 0600, replacing any previous one. */
export function writeSecretFileAtomic(path: string, data: Buffer | string): void {
  const tmp = tempName(path);
  const buf = typeof data === "string" ? Buffer.from(data) : data;
  try {
    const fd = createExclusive(tmp);
    try {
      for (let n = 0; n < buf.length; ) n += writeSync(fd, buf, n, buf.length - n);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    fsyncDir(dirname(path));
  } catch (e) {
    discardTemp(tmp);
    throw new DataDirError(`${path} could not be written: ${(e as Error).message}`);
  }
}
