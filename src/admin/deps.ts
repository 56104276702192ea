import type { HsmKeyAdmin } from "../crypto/backend.js";
import type { Sealer } from "../crypto/local/sealer.js";
import type { AuditSink } from "../obs/audit.js";
import type { FleetNode } from "../store/membership.js";
import type { Logger } from "../obs/logger.js";
import type { Store } from "../store/db.js";

export interface AdminDeps {
  store: Store;
  sealer: Sealer;
  /** null when no PKCS#11 partitions are configured: luna-hsm operations are refused */
  hsm: HsmKeyAdmin | null;
  /** configured Luna partition (token) labels */
  partitions: string[];
  /** called synchronously after every committed change: the daemon rebuilds its key view */
  onChange: () => void | Promise<void>;
  /** the fleet this daemon belongs to (fleet/membership.ts); absent: a lone daemon outside any fleet table */
  fleet?: { readonly selfId: string; list(): Promise<FleetNode[]> };
  /**
   * The daemon's data plane verifies TLS client certificates (config xks.tls.clientAuth): only
   * then may a key store set mtls_enabled. Absent: false.
   */
  clientAuth?: boolean;
  /** the shortest credential rotation job interval accepted (config credentialRotation.minIntervalSeconds; default 3600) */
  minRotationIntervalSeconds?: number;
  /** on-demand health check of one key store, provided by the daemon */
  healthCheck?: (keyStoreId: string) => Promise<unknown>;
  /** the daemon's audit sink; when absent the server runs its own (closed with the server) */
  audit?: AuditSink;
  host: string;
  /** 0 = ephemeral */
  port: number;
  /**
   * PEM bytes for TLS (config `admin.tls`, read and checked by the daemon); with clientCa every
   * client must present a certificate that CA issued. Absent: plaintext gRPC.
   */
  tls?: { cert: Buffer; key: Buffer; clientCa?: Buffer };
  /** accepted bearer tokens */
  tokens: string[];
  /**
   * Largest request message accepted, in bytes (config `admin.maxMessageBytes`, default 262144);
   * larger ones are answered RESOURCE_EXHAUSTED without being buffered.
   */
  maxMessageBytes?: number;
  /** TCP connections the admin port holds at once (default 128); more are closed at once */
  maxConnections?: number;
  /** where internal failures are logged in full (the client gets only a reference); default stderr */
  log?: Pick<Logger, "error">;
  /** told of every request message the server decodes (tests prove unauthenticated calls cost none) */
  onDecode?: () => void;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 262_144;
