/**
 * A long-lived PostgreSQL connection outside the pool (a LISTEN or an advisory lock lives as long as
 * its session), and the one answer its users need: when is it gone. Gone means an error, the server
 * closing it, or a ping that fails or stays unanswered for `pingMs` (a half-open TCP connection
 * never reports an error by itself, and meanwhile notifications are lost or a lock is believed held).
 */
import pg from "pg";
import type { ClientConfig } from "pg";
import { shortReason } from "./connection.js";

export interface Session {
  readonly client: pg.Client;
  /** resolves with a reason once the session is gone, for whatever cause (end() included) */
  readonly gone: Promise<string>;
  /** closes the session; resolves once it is closed */
  end(): Promise<void>;
}

export async function openSession(config: ClientConfig, pingMs: number, connectTimeoutMs: number): Promise<Session> {
  const client = new pg.Client({
    ...config,
    connectionTimeoutMillis: connectTimeoutMs,
    query_timeout: pingMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: pingMs,
  });
  // an error before connect() settles is reported by connect() itself; afterwards, by `gone`
  let markGone: (reason: string) => void = () => undefined;
  client.on("error", (e) => markGone(shortReason(e)));
  client.on("end", () => markGone("connection closed"));
  try {
    await client.connect();
  } catch (e) {
    void client.end().catch(() => undefined);
    throw e;
  }
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  const gone = new Promise<string>((resolve) => {
    markGone = (reason) => {
      clearInterval(timer);
      // a session believed lost must really end: a lock it still held would block every other node
      if (!ended) {
        ended = true;
        void client.end().catch(() => undefined);
      }
      resolve(reason);
    };
  });
  timer = setInterval(() => {
    client.query("SELECT 1").catch((e: unknown) => markGone(shortReason(e)));
  }, pingMs);
  timer.unref();
  return {
    client,
    gone,
    async end() {
      markGone("closed");
      await gone;
    },
  };
}
