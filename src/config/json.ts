import { closeSync, openSync, readSync } from "node:fs";

/** Largest configuration file read: a bound on what a wrong path (/dev/zero, a log) can cost. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Reads a file of at most `max` bytes; pipes and process substitution work, unbounded inputs stop at the cap. */
export function readCapped(path: string, max: number): string {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(max + 1);
    let len = 0;
    for (let n; len <= max && (n = readSync(fd, buf, len, buf.length - len, null)) > 0; ) len += n;
    if (len > max) throw new Error(`larger than ${max} bytes`);
    return buf.subarray(0, len).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/**
 * JSON.parse, refusing an object with the same key twice: JSON.parse keeps the last silently, so
 * `{"port": 1, "port": 2}` would mean whatever the reader assumed. Returns the duplicate's path.
 */
export function parseJsonStrict(text: string): { value: unknown } | { duplicate: string } {
  const value: unknown = JSON.parse(text.startsWith("\uFEFF") ? text.slice(1) : text);
  const dup = findDuplicateKey(text);
  return dup === undefined ? { value } : { duplicate: dup };
}

/** Scans text already known to be valid JSON; returns the path of the first repeated key. */
function findDuplicateKey(text: string): string | undefined {
  type Frame = { keys: Set<string> | null; path: string; index: number; key?: string };
  const stack: Frame[] = [];
  const at = (f: Frame | undefined) => (f === undefined ? "" : f.keys ? (f.path ? `${f.path}.${f.key}` : f.key!) : `${f.path}[${f.index}]`);
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return top.path ? `${top.path}.${key}` : key;
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = j;
    } else if (ch === "{" || ch === "[") {
      stack.push({ keys: ch === "{" ? new Set() : null, path: at(stack[stack.length - 1]), index: 0 });
      expectKey = ch === "{";
    } else if (ch === "}" || ch === "]") {
      stack.pop();
    } else if (ch === ",") {
      const top = stack[stack.length - 1]!;
      if (top.keys) expectKey = true;
      else top.index++;
    }
  }
  return undefined;
}
