import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * uWebSockets.js's native binary for this Node, loaded directly. The package's own entry point
 * would fall back to a slow pure-JS implementation (the data plane's performance and its
 * SO_REUSEPORT multi-thread design depend on the binary) and print several lines to stderr on every
 * Node it has no binary for (22, 24); this module refuses instead, in one error that says why.
 */
type Uws = typeof import("uWebSockets.js");
const require = createRequire(import.meta.url);

function loadNativeUws(): Uws {
  const where = `platform ${process.platform}-${process.arch}, Node ${process.versions.node}, ABI ${process.versions.modules}`;
  // the package's switch to its fallback, honoured as "no binary" (the tests use it to stand for a Node without one)
  if (process.env.UWS_USE_FALLBACK) throw new Error(`uWebSockets.js native binary not loaded (${where}): UWS_USE_FALLBACK asks for the pure-JS fallback, which is refused`);
  const file = join(dirname(require.resolve("uWebSockets.js")), "..", "binaries", `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`);
  if (!existsSync(file)) throw new Error(`uWebSockets.js native binary not loaded (${where}): the package has no binary for it`);
  try {
    return require(file) as Uws;
  } catch (e) {
    throw new Error(`uWebSockets.js native binary not loaded (${where}): ${e instanceof Error ? e.message : String(e)}`);
  }
}

export default loadNativeUws();
