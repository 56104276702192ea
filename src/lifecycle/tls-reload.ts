/**
 * SIGHUP: the TLS certificates and keys of the data plane and the admin API are read again from
 * the files the config names (the config itself is not read again), checked as at start, and
 * handed to the listeners: new connections get them, open ones (and requests in flight) keep
 * theirs. A file that does not pass the checks keeps the old certificate in use and is named in
 * an error line.
 */
import { X509Certificate } from "node:crypto";
import type { Config } from "../config/config.js";
import type { Logger } from "../obs/logger.js";
import { readTlsFiles, type TlsPems } from "./tls-files.js";

export interface TlsReloadTargets {
  /** false: the transport cannot switch certificates while it runs */
  plane: { transport: string; reloadTls(pems: TlsPems): boolean };
  admin: { reloadTls(pems: TlsPems): void };
  log: Logger;
}

function certificateFields(pems: TlsPems): Record<string, unknown> {
  const x = new X509Certificate(pems.cert);
  return { serial: x.serialNumber, notAfter: new Date(x.validTo).toISOString() };
}

function readOrLog(read: () => TlsPems, what: string, log: Logger): TlsPems | undefined {
  try {
    return read();
  } catch (e) {
    log.error(`${what} TLS certificates not reloaded: the ones in use stay`, { error: e instanceof Error ? e.message : String(e) });
    return undefined;
  }
}

export function reloadTls(cfg: Pick<Config, "xks" | "admin">, t: TlsReloadTargets): void {
  const { log } = t;
  const xks = cfg.xks.tls;
  if (xks) {
    const pems = readOrLog(() => readTlsFiles({ ...xks, clientCaFile: xks.clientAuth?.caFile }), "XKS data plane", log);
    if (pems && t.plane.reloadTls(pems)) {
      log.info("XKS data plane TLS certificates reloaded: new connections get them", { certFile: xks.certFile, ...certificateFields(pems) });
    } else if (pems) {
      log.warn("XKS data plane TLS certificates not reloaded: the uWS transport keeps its certificate until a restart (xks.transport node reloads)", { transport: t.plane.transport });
    }
  }
  const admin = cfg.admin.tls;
  if (admin) {
    const pems = readOrLog(() => readTlsFiles(admin, "admin "), "admin API", log);
    if (pems) {
      t.admin.reloadTls(pems);
      log.info("admin API TLS certificates reloaded: new connections get them", { certFile: admin.certFile, ...certificateFields(pems) });
    }
  }
  if (!xks && !admin) log.info("SIGHUP: no TLS is configured, nothing to reload");
}
