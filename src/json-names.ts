/**
 * Whether a JSON text names a member twice in one object. JSON.parse keeps the last value without
 * a word, and another reader of the same text (a proxy, a reviewer, another parser) may keep the
 * first: for requests and policies, text that reads two ways is refused instead.
 */
export function hasRepeatedName(text: string, parsed: unknown): boolean {
  return namesInText(text) !== namesInValue(parsed);
}

const isJsonSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * Member names written in a JSON text JSON.parse accepted: string tokens followed by ':'. Jumps
 * from quote to quote (a few per request: the long Base64 values hold none), linear in the text.
 */
function namesInText(text: string): number {
  let names = 0;
  let open = text.indexOf('"');
  while (open >= 0) {
    let close = text.indexOf('"', open + 1);
    for (;;) {
      let slashes = 0;
      while (text.charCodeAt(close - 1 - slashes) === 0x5c) slashes++;
      if (slashes % 2 === 0) break;
      close = text.indexOf('"', close + 1);
    }
    let next = close + 1;
    while (isJsonSpace(text.charCodeAt(next))) next++;
    if (text.charCodeAt(next) === 0x3a) names++;
    open = text.indexOf('"', next);
  }
  return names;
}

/** Member names in the parsed value (duplicates collapsed); a stack, as nesting may be deep. */
function namesInValue(root: unknown): number {
  let names = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null) continue;
    const children = Array.isArray(v) ? v : Object.values(v);
    if (!Array.isArray(v)) names += children.length;
    for (const c of children) if (typeof c === "object" && c !== null) stack.push(c);
  }
  return names;
}
