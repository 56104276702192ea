/** Types for shim.mjs (the libxks-shim.so helpers). */
export declare const SHIM_PATH: string;

export type ShimFail = "none" | "device_error" | "session_handle_invalid" | "token_not_present" | "hang";

export interface ShimSettings {
  /** Fixed extra latency per delayed call, microseconds (latency_us). */
  latencyUs?: number;
  /** Random extra latency 0..n microseconds (jitter_us). */
  jitterUs?: number;
  /** Delay every PKCS#11 call, not only C_EncryptInit/C_Encrypt/C_DecryptInit/C_Decrypt (latency_all). */
  latencyAll?: boolean;
  /** Failure to inject (fail). */
  fail?: ShimFail;
  /** Probability 0..1 of injecting on an eligible call (fail_rate, default 1). */
  failRate?: number;
  /** Functions eligible for injection (fail_calls); default the four crypto calls. "all" = every function. */
  failCalls?: string[] | string;
  /** fail=hang gives up after n ms with CKR_DEVICE_ERROR (hang_timeout_ms, default 0 = until the file changes). */
  hangTimeoutMs?: number;
  [rawKey: string]: unknown;
}

/** Builds native-bench/build/libxks-shim.so if out of date; returns its absolute path. */
export declare function buildShim(): string;
/** The control-file text for these settings. */
export declare function formatShimControl(settings?: ShimSettings): string;
/** Atomically replaces the control file (temp file + rename). */
export declare function writeShimControl(file: string, settings?: ShimSettings): void;
