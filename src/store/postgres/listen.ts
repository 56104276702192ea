/**
 * LISTEN on a channel of its own connection, reconnecting with backoff for as long as it is open.
 * Notifications sent while it is disconnected are lost for good, so onState({connected: true}) is
 * the caller's cue to catch up by reading (e.g. the change log after its last applied seq): it is
 * reported after LISTEN took effect, so anything committed after that read is notified.
 */
import type { ClientConfig } from "pg";
import { shortReason } from "./connection.js";
import { openSession, type Session } from "./session.js";

export interface ListenState {
  connected: boolean;
  /** why it is disconnected (no secret: pg's messages name neither password nor URL) */
  reason?: string;
}

export interface ListenOptions {
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** how often the connection is checked (default 5000 ms) */
  pingMs?: number;
  connectTimeoutMs?: number;
}

export interface Listener {
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

export function listen(
  config: ClientConfig,
  channel: string,
  onNotify: (payload: string) => void,
  onState: (s: ListenState) => void,
  opts: ListenOptions = {},
): Listener {
  if (!CHANNEL.test(channel)) throw new Error(`channel ${JSON.stringify(channel)} must be a lower-case SQL identifier`);
  const minBackoff = opts.minBackoffMs ?? 100;
  const maxBackoff = opts.maxBackoffMs ?? 5000;
  let closed = false;
  let session: Session | undefined;
  let wake: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });

  const run = async () => {
    let backoff = minBackoff;
    // reported on change only: once per outage (and for a first connect that fails), not per attempt
    let reported: boolean | undefined;
    while (!closed) {
      let reason: string;
      try {
        session = await openSession({ ...config, application_name: "xks-proxy listen" }, opts.pingMs ?? 5000, opts.connectTimeoutMs ?? 5000);
        session.client.on("notification", (n) => {
          if (n.channel === channel) onNotify(n.payload ?? "");
        });
        await session.client.query(`LISTEN ${channel}`);
        if (closed) {
          await session.end();
          break;
        }
        backoff = minBackoff;
        reported = true;
        onState({ connected: true });
        reason = await session.gone;
      } catch (e) {
        reason = shortReason(e);
        await session?.end();
      }
      session = undefined;
      if (closed) break;
      if (reported !== false) onState({ connected: false, reason });
      reported = false;
      await pause(backoff);
      backoff = Math.min(backoff * 2, maxBackoff);
    }
  };
  const done = run();

  return {
    async close() {
      closed = true;
      wake?.();
      await session?.end();
      await done;
    },
  };
}
