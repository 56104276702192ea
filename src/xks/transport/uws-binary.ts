import { createRequire } from "node:module";
import uWS from "uWebSockets.js";

/**
 * uWebSockets.js, refusing the package's silent pure-JS fallback: the data plane's performance and
 * its SO_REUSEPORT multi-thread design depend on the native binary.
 */
const require = createRequire(import.meta.url);

function assertNativeUws(): void {
  const native = Object.keys(require.cache).some((k) => /[\\/]uws_[^\\/]+\.node$/.test(k));
  if (!native || process.env.UWS_USE_FALLBACK) {
    throw new Error(`uWebSockets.js native binary not loaded (platform ${process.platform}-${process.arch}, ABI ${process.versions.modules}); refusing the slow fallback`);
  }
}

assertNativeUws();

export default uWS;
