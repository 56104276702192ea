import { StoreError } from "../store/errors.js";

export interface StoreWaitOptions {
  /** told before each wait: the database, why, and when the next attempt is */
  onRetry: (attempt: number, retryInMs: number, reason: string) => void;
  /** aborted: stop waiting (the daemon is being stopped) */
  signal: AbortSignal;
  minMs?: number;
  maxMs?: number;
}

/**
 * Runs `open` until it succeeds, waiting with exponential backoff (capped) while it rejects with
 * StoreError UNAVAILABLE: a fleet node may start while its database is down or restarting. Any
 * other error (a wrong password, a master key that does not pair, a schema too new) is final.
 */
export async function untilStoreAvailable<T>(open: () => Promise<T>, o: StoreWaitOptions): Promise<T> {
  let delay = o.minMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    o.signal.throwIfAborted();
    try {
      return await open();
    } catch (e) {
      if (!(e instanceof StoreError && e.code === "UNAVAILABLE")) throw e;
      o.onRetry(attempt, delay, e.message);
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(o.signal.reason as Error);
      };
      const timer = setTimeout(() => {
        o.signal.removeEventListener("abort", onAbort);
        resolve();
      }, delay);
      o.signal.addEventListener("abort", onAbort, { once: true });
    });
    delay = Math.min(o.maxMs ?? 30_000, delay * 2);
  }
}
