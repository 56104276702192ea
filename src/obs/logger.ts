/**
 * JSON-lines logger. Callers pass structured fields; nothing here formats secrets because
 * nothing secret is ever handed to it (plaintext, PINs, signatures stay out by construction).
 */
export type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  log(level: Level, msg: string, fields?: Record<string, unknown>): void;
  /** whether a line at `level` is written: lets a caller skip building fields that would be dropped */
  enabled(level: Level): boolean;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(level: Level, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const min = ORDER[level];
  const log = (lv: Level, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lv] < min) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lv, msg, ...fields }) + "\n");
  };
  return {
    log,
    enabled: (lv) => ORDER[lv] >= min,
    info: (m, f) => log("info", m, f),
    warn: (m, f) => log("warn", m, f),
    error: (m, f) => log("error", m, f),
  };
}
