import { isIPv4 } from "node:net";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";

/**
 * The configuration file's schema: every key, its range, default and meaning, in one place. It
 * validates files and environment overrides, and `xks-proxy config schema` publishes it as JSON
 * Schema for editors (config/xks-proxy.schema.json). Objects are strict: an unknown key is an error.
 */

type Issue = { input?: unknown };
/** zod error map: "is required" when the key is missing, else the rule that was broken */
const rule = (msg: string) => ({ error: (iss: Issue) => (iss.input === undefined ? "is required" : msg) });

function int(min: number, max: number, description: string) {
  const r = rule(`must be an integer in ${min}..${max}`);
  return z.int(r).min(min, r).max(max, r).meta({ description });
}

const section = <T extends z.core.$ZodLooseShape>(shape: T, description: string) =>
  z.strictObject(shape, rule("must be an object")).meta({ description });

const FILE_PATH = rule("must be a file path (1..4096 characters, no NUL)");
const filePath = (description: string) =>
  z.string(FILE_PATH).min(1, FILE_PATH).max(4096, FILE_PATH).regex(/^[^\0]*$/, FILE_PATH).meta({ description });

const host = (description: string) =>
  z.union([z.ipv4(), z.ipv6(), z.hostname()], rule("must be an IP address or a host name")).meta({ description });

/**
 * 127.0.0.0/8, ::1 (also as ::ffff:127.x.y.z) and localhost: no other host can reach a listener there.
 * A 127.x form must be a real address (octets 0..255, no leading zeros): "127.0.0.999" is no
 * address, so the listener would resolve it as a host name, which DNS may point anywhere.
 */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  const v4 = h.startsWith("::ffff:") ? h.slice(7) : h;
  return h === "localhost" || h === "::1" || (isIPv4(v4) && v4.startsWith("127."));
}

const SUBJECT = rule("must be a subject common name (1..253 visible ASCII characters)");
const subjectCN = z.string(SUBJECT).min(1, SUBJECT).max(253, SUBJECT).regex(/^[\x21-\x7e]+$/, SUBJECT);

const port = (description: string) => int(0, 65535, `${description}; 0: a free port chosen at start (logged)`);

const LABEL = rule("must be a token label of 1..32 bytes");
const tokenLabel = (description: string) =>
  z
    .string(LABEL)
    .min(1, LABEL)
    .max(32, LABEL)
    .refine((s) => Buffer.byteLength(s) <= 32, LABEL)
    .meta({ description });

// A bearer token travels in gRPC metadata (visible ASCII) and XKS_ADMIN_TOKENS is a comma list.
const TOKEN = rule("must be 16..4096 visible ASCII characters without commas");
const adminToken = z.string(TOKEN).regex(/^[\x21-\x2b\x2d-\x7e]{16,4096}$/, TOKEN);

const ENV_NAME = rule("must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");

const partition = section(
  {
    label: tokenLabel("partition name key stores refer to; the token label unless members are given"),
    members: z
      .array(tokenLabel("token label"), rule("must be a list of token labels"))
      .min(1, rule("must list 1..16 token labels"))
      .max(16, rule("must list 1..16 token labels"))
      .refine((m) => new Set(m).size === m.length, "must not list a token twice")
      .optional()
      .meta({ description: "HA group: labels of the tokens holding the same keys (absent: the single token `label`)" }),
    pinEnv: z
      .string(ENV_NAME)
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, ENV_NAME)
      .optional()
      .meta({ description: "environment variable holding the PIN" }),
    pinFile: filePath("file whose first line is the PIN").optional(),
    sessions: int(1, 256, "PKCS#11 sessions per token (each serves one operation at a time)").default(8),
    maxQueue: int(1, 100_000, "requests that may wait for a free session (default 32 × sessions); beyond: ThrottlingException").optional(),
    useHsmIv: z
      .boolean(rule("must be true or false"))
      .default(false)
      .meta({ description: "let the HSM generate GCM IVs (Luna FIPS mode); default: random IVs from the proxy" }),
  },
  "a PKCS#11 partition (or HA group); the PIN comes from pinEnv or pinFile, never from this file",
)
  .superRefine((p, ctx) => {
    if (p.pinEnv === undefined && p.pinFile === undefined) ctx.addIssue({ code: "custom", message: "needs pinEnv or pinFile (PINs are never put in the config itself)" });
    if (p.pinEnv !== undefined && p.pinFile !== undefined) ctx.addIssue({ code: "custom", message: "has both pinEnv and pinFile: set one" });
  })
  .transform((p) => ({ ...p, maxQueue: p.maxQueue ?? 32 * p.sessions }));

const pkcs11 = section(
  {
    // absolute: a relative name would load whatever the working directory or library path offers
    modulePath: filePath("absolute path of the PKCS#11 library (Luna: libCryptoki2_64.so; SoftHSM2: libsofthsm2.so)").regex(
      /^\//,
      rule("must be an absolute path (a relative one would depend on the working directory)"),
    ),
    partitions: z
      .array(partition, rule("must be a list of partitions"))
      .min(1, rule("must list 1..64 partitions"))
      .max(64, rule("must list 1..64 partitions"))
      .superRefine((parts, ctx) => {
        const seen = new Map<string, number>();
        parts.forEach((p, i) => {
          const first = seen.get(p.label);
          if (first !== undefined) ctx.addIssue({ code: "custom", path: [i, "label"], message: `"${p.label}" is already the label of pkcs11.partitions[${first}]` });
          else seen.set(p.label, i);
        });
      }),
  },
  "HSM partitions over PKCS#11 (absent or null: local key tier only)",
);

const LEVEL = rule("must be one of debug, info, warn, error");

export const configSchema = section(
  {
    $schema: z.string(rule("must be a string")).optional().meta({ description: "JSON Schema of this file, for editors" }),
    $comment: z.string(rule("must be a string")).optional().meta({ description: "free text, ignored" }),
    dataDir: filePath("SQLite database, master key, admin token (relative: to the working directory)").default("./data"),
    masterKeyFile: filePath("the master key that seals every secret in the store (32 bytes, mode 0600); default <dataDir>/master.key. Every node of a fleet needs the same one").optional(),
    store: section(
      {
        url: z
          .string(rule("must be a postgres:// URL"))
          .regex(/^postgres(ql)?:\/\/[^\s]+$/, "must be a postgres:// or postgresql:// URL")
          .max(4096, "must be at most 4096 characters")
          .optional()
          .meta({ description: "PostgreSQL (a fleet's shared store): postgres://user@host:port/db?sslmode=verify-full&sslrootcert=/path; never a password (PGPASSWORD or store.passwordFile). Absent: the embedded SQLite database in dataDir" }),
        passwordFile: filePath("file holding the PostgreSQL password (mode 0600); else PGPASSWORD").optional(),
        poolSize: int(1, 100, "PostgreSQL connections this node opens at most").default(10),
      },
      "where the key model, credentials and audit trail live",
    ).prefault({}),
    fleet: section(
      {
        heartbeatMs: int(200, 60_000, "each node records that it is alive this often").default(1_000),
        timeoutMs: int(2_000, 600_000, "a node not seen for this long is dead: it leaves the fleet size and the rate-limit shares; default 5 × heartbeatMs, at least 2000").optional(),
      },
      "fleet membership (every daemon on one store is a node)",
    ).prefault({}),
    xks: section(
      {
        host: host("data-plane listen address").default("127.0.0.1"),
        port: port("data-plane port").default(8080),
        tls: section(
          {
            certFile: filePath("PEM certificate chain"),
            keyFile: filePath("PEM private key"),
            clientAuth: section(
              {
                caFile: filePath("PEM CA certificates: the roots a client certificate must chain to"),
                subjects: z
                  .array(subjectCN, rule("must be a list of subject common names"))
                  .min(1, rule("must name at least one subject"))
                  .optional()
                  .meta({
                    description:
                      "accepted subject common names, e.g. cks.kms.us-east-1.amazonaws.com (AWS KMS in us-east-1); absent: cks.kms.<region>.amazonaws.com for the regions of the key stores with mtls_enabled (none: every connection is refused)",
                  }),
              },
              "mutual TLS (node transport): a connection without a valid client certificate from caFile's CAs with an accepted subject CN ends at the handshake, before any HTTP byte is read; a key store with mtls_enabled also needs its region's CN per request",
            ).optional(),
          },
          "HTTPS (TLS 1.2+) for the data plane; absent or null: plain HTTP",
        )
          .nullable()
          .default(null),
        maxBodyBytes: int(32 * 1024, 16 * 1024 * 1024, "request bodies are capped while read").default(64 * 1024),
        requestTimeoutMs: int(10, 250, "per-request deadline").default(200),
        bodyTimeoutMs: int(100, 7_000, "time allowed to receive a whole request body (below uWS's own idle close at 8-12 s, which answers nothing)").default(5_000),
        fleetSize: int(1, 1000, "xksProxyFleetSize reported by GetHealthStatus; absent: the number of live fleet nodes (1 on the embedded store)").optional(),
        threads: int(1, 64, "data-plane threads (default: one per CPU, at most 64; with pkcs11, one fewer, at least 1)").optional(),
        nice: int(-20, 19, "nice value of the data-plane threads; 0: the process's own; below 0 needs CAP_SYS_NICE").default(0),
        transport: z
          .enum(["auto", "uws", "node"], rule('must be "auto", "uws" or "node"'))
          .default("auto")
          .meta({
            description:
              "HTTP server of the data plane: uws (uWebSockets.js, the fast path), node (node:http/https; one thread unless this Node has SO_REUSEPORT listeners, 22.12+/23.1+), auto: uws where its native binary loads on this Node, else node with a warning",
          }),
      },
      "XKS data plane",
    ).prefault({}),
    admin: section(
      {
        host: host("gRPC admin listen address").default("127.0.0.1"),
        port: port("gRPC admin port").default(9090),
        tokens: z
          .array(adminToken, rule("must be a list of tokens"))
          .default([])
          .meta({ description: "accepted bearer tokens; empty: one is generated into <dataDir>/admin.token" }),
        maxMessageBytes: int(4096, 16 * 1024 * 1024, "largest admin request message").default(256 * 1024),
        tls: section(
          {
            certFile: filePath("PEM certificate chain"),
            keyFile: filePath("PEM private key"),
            clientCaFile: filePath("PEM CA certificates; given: every client must present a certificate they issued (mutual TLS)").optional(),
          },
          "TLS (1.2+) for the admin API; the bearer token is still required; absent or null: plaintext gRPC",
        )
          .nullable()
          .default(null),
        insecure: z
          .boolean(rule("must be true or false"))
          .default(false)
          .meta({ description: "allow plaintext gRPC on a non-loopback admin.host (the bearer token then crosses the network in clear)" }),
      },
      "gRPC admin API",
    ).prefault({}),
    metrics: section(
      { host: host("metrics listen address").default("127.0.0.1"), port: port("Prometheus /metrics port").default(9100) },
      "Prometheus metrics",
    ).prefault({}),
    health: section(
      {
        intervalMs: int(1000, 60_000, "background deep health checks run this often").default(15_000),
        maxAgeMs: int(1000, 60_000, "a cached health result is never served older than this (≥ intervalMs)").default(60_000),
      },
      "GetHealthStatus deep checks",
    ).prefault({}),
    audit: section(
      {
        retentionDays: int(1, 3650, "audit records older than this are deleted").default(90),
        maxRecords: int(1000, 1_000_000_000, "the oldest audit records beyond this count are deleted").default(1_000_000),
        unauthenticatedFailuresPerSecond: int(1, 1000, "audit records per second per key store for unauthenticated failures; beyond: counted and summarized").default(5),
      },
      "audit log",
    ).prefault({}),
    credentialRotation: section(
      {
        tickMs: int(100, 3_600_000, "how often the fleet's credential rotation job looks for key stores due to rotate").default(60_000),
        minIntervalSeconds: int(1, 31_536_000, "the shortest interval keystore enable-credential-rotation-job accepts").default(3600),
        pruneGraceSeconds: int(0, 86_400, "how long AWS KMS must have held a new credential before the job deletes older ones (AWS's hosts switch over gradually)").default(300),
      },
      "scheduled credential rotation of linked key stores",
    ).prefault({}),
    pkcs11: pkcs11.nullable().default(null),
    log: section({ level: z.enum(["debug", "info", "warn", "error"], LEVEL).default("info").meta({ description: "least severe level logged" }) }, "logging").prefault({}),
  },
  "xks-proxy configuration",
)
  .superRefine((c, ctx) => {
    if (c.fleet.timeoutMs !== undefined && c.fleet.timeoutMs < 2 * c.fleet.heartbeatMs) {
      ctx.addIssue({ code: "custom", path: ["fleet", "timeoutMs"], message: `(${c.fleet.timeoutMs}) must be at least twice fleet.heartbeatMs (${c.fleet.heartbeatMs}): one late heartbeat must not drop a live node` });
    }
    if (c.masterKeyFile !== undefined && !c.store.url) {
      ctx.addIssue({ code: "custom", path: ["masterKeyFile"], message: "is for a PostgreSQL store (store.url): the embedded store keeps its master key in dataDir, beside the database it seals" });
    }
    if (c.store.passwordFile && !c.store.url) {
      ctx.addIssue({ code: "custom", path: ["store", "passwordFile"], message: "is given but store.url is not: the embedded store has no password" });
    }
    if (c.health.maxAgeMs < c.health.intervalMs) {
      ctx.addIssue({ code: "custom", path: ["health", "maxAgeMs"], message: `(${c.health.maxAgeMs}) must be ≥ health.intervalMs (${c.health.intervalMs})` });
    }
    // a token sent in clear to a port other hosts reach: only when the file says so in so many words
    if (!isLoopback(c.admin.host) && !c.admin.tls && !c.admin.insecure) {
      ctx.addIssue({
        code: "custom",
        path: ["admin", "host"],
        message: `(${c.admin.host}) is not a loopback address and admin.tls is not set: the bearer token would cross the network in clear (set admin.tls, or admin.insecure: true to accept that)`,
      });
    }
    if (c.xks.tls?.clientAuth && c.xks.transport === "uws") {
      ctx.addIssue({ code: "custom", path: ["xks", "transport"], message: "(uws) cannot see client certificates: xks.tls.clientAuth needs xks.transport node or auto" });
    }
    // two listeners on one port would fail at start (or, through SO_REUSEPORT, share it): say so now
    const listeners = (["xks", "admin", "metrics"] as const).map((name) => ({ name, ...c[name] }));
    const wildcard = (h: string) => h === "0.0.0.0" || h === "::";
    listeners.forEach((b, i) => {
      const a = listeners.slice(0, i).find((a) => a.port !== 0 && a.port === b.port && (a.host === b.host || wildcard(a.host) || wildcard(b.host)));
      if (a) ctx.addIssue({ code: "custom", path: [b.name, "port"], message: `(${b.port}) is also ${a.name}.port: each listener needs its own port` });
    });
  })
  .transform(({ $schema: _s, $comment: _c, ...c }) => ({
    ...c,
    dataDir: resolve(c.dataDir),
    masterKeyFile: resolve(c.masterKeyFile ?? join(c.dataDir, "master.key")),
    fleet: { ...c.fleet, timeoutMs: c.fleet.timeoutMs ?? Math.max(2_000, 5 * c.fleet.heartbeatMs) },
    // with PKCS#11, the main thread and the session workers serve the pools: leave them a core
    xks: { ...c.xks, threads: c.xks.threads ?? Math.min(64, c.pkcs11 ? Math.max(1, availableParallelism() - 1) : availableParallelism()) },
  }));

/** The JSON Schema for editors: the file's side of the schema (defaults included, nothing machine-specific). */
export function jsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(configSchema, { io: "input" });
  return { $schema, title: "xks-proxy configuration", ...rest };
}
