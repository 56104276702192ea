/**
 * "Did you mean ...?" for unknown names (config keys, environment variables, flags): the nearest
 * valid name by edit distance, counting a swap of two neighbours as one edit (prot → port).
 */
export function distance(a: string, b: string): number {
  // optimal string alignment distance over three rolling rows
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The closest candidate (case ignored) if it is close enough to be a likely typo: within a third of
 * the name's length (at least 2 edits); one name inside the other (Value → TagValue) counts as close.
 */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const d = lc.includes(wanted) || wanted.includes(lc) ? Math.min(distance(wanted, lc), limit) : distance(wanted, lc);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= limit ? best : undefined;
}

/** `; did you mean "x"?` (or as `show` writes the name, e.g. --x) or "" when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>, show = (n: string) => `"${n}"`): string {
  const n = nearest(name, candidates);
  return n === undefined ? "" : `; did you mean ${show(n)}?`;
}
