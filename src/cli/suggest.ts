/** "Did you mean …?" for an unknown name: the closest candidate by edit distance, if close enough. */

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The nearest candidate (case-insensitive), or undefined when none is within a third of the name's length (at least 2 edits). */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestD = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const lc = c.toLowerCase();
    // one name inside the other (Value → TagValue, confg → config) counts as close
    const d = lc.includes(lower) || lower.includes(lc) ? Math.min(distance(lower, lc), limit) : distance(lower, lc);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= limit ? best : undefined;
}

/** `; did you mean "x"?` (or as `show` writes the name, e.g. --x) or "" when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>, show = (n: string) => `"${n}"`): string {
  const n = nearest(name, candidates);
  return n === undefined ? "" : `; did you mean ${show(n)}?`;
}
