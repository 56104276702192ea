import * as grpc from "@grpc/grpc-js";
import { randomUUID } from "node:crypto";
import { ReflectionService } from "@grpc/reflection";
import { HealthImplementation } from "grpc-health-check";
import { AuditSink } from "../obs/audit.js";
import { BearerAuth } from "./auth.js";
import { capAdminConnections, DEFAULT_MAX_ADMIN_CONNECTIONS } from "./connection-cap.js";
import { DEFAULT_MAX_MESSAGE_BYTES, type AdminDeps } from "./deps.js";
import type { LogInternal } from "./errors.js";
import { adminGuard } from "./intercept.js";
import { ADMIN_PACKAGE, loadAdminProto, SERVICE_NAMES, type ServiceName } from "./proto.js";
import { Reservations } from "./reservations.js";
import { ReloadableServerCredentials } from "./tls-credentials.js";
import { makeUnary } from "./rpc.js";
import { auditService } from "./services/audit.js";
import type { ServiceContext } from "./services/context.js";
import { credentialService } from "./services/credentials.js";
import { fleetService } from "./services/fleet.js";
import { hyokKeyService } from "./services/hyokKeys.js";
import { keyStoreService } from "./services/keyStores.js";
import { kmsService } from "./services/kms.js";
import { syncJobService } from "./services/syncJobs.js";
import { SyncRunner } from "./sync/runner.js";
import { policyTemplateService } from "./services/policyTemplates.js";
import { sourceKeyService } from "./services/sourceKeys.js";
import { virtualKeyService } from "./services/virtualKeys.js";
import { operationOf } from "./operation.js";
import { descriptorLookup, guardService } from "./wire-guard.js";

export type { AdminDeps } from "./deps.js";

export interface AdminServer {
  port: number;
  /**
   * Whether the store behind every service is reachable: grpc.health.v1 reports each
   * xks.admin.v1 service SERVING or NOT_SERVING accordingly ("" stays SERVING: the process is up).
   */
  setStoreAvailable(up: boolean): void;
  /** new connections get these certificates (SIGHUP); open ones keep theirs. Only with TLS (deps.tls). */
  reloadTls(tls: NonNullable<AdminDeps["tls"]>): void;
  close(): Promise<void>;
}

/** Health and reflection stay open so probes and grpcurl can discover the API; they reveal no key data. */
const isOpen = (path: string): boolean => path.startsWith("/grpc.health.v1.") || path.startsWith("/grpc.reflection.");


/**
 * Starts the gRPC admin plane: the six resource services, grpc.health.v1 and server reflection.
 * Every admin call needs a bearer token, checked before its message is read; messages are capped
 * at maxMessageBytes and decoded strictly (unknown fields and out-of-range numbers are refused).
 */
export async function startAdminServer(deps: AdminDeps): Promise<AdminServer> {
  if (deps.tokens.filter((t) => t.length > 0).length === 0) throw new Error("admin server needs at least one bearer token");
  const maxMessageBytes = deps.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  if (!Number.isInteger(maxMessageBytes) || maxMessageBytes < 1024 || maxMessageBytes > 64 * 1024 * 1024) {
    throw new Error(`admin.maxMessageBytes must be an integer from 1024 to 67108864, got ${maxMessageBytes}`);
  }
  const proto = loadAdminProto();
  const ownAudit = deps.audit ? undefined : new AuditSink(deps.store);
  const audit = deps.audit ?? ownAudit!;
  const log = deps.log ?? { error: (msg: string, f?: Record<string, unknown>) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: "error", msg, ...f })}\n`) };
  const logInternal: LogInternal = (operation, e, ref) =>
    log.error("admin call failed internally", { operation, ref, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  const auth = new BearerAuth(deps.tokens);
  const env = { auth, store: deps.store, onChange: deps.onChange, logInternal };
  const syncRunner = new SyncRunner(deps, logInternal);
  // without a fleet table (a bare admin server) the node id is this server's own
  const syncJobs = { runner: syncRunner, selfId: deps.fleet?.selfId ?? randomUUID() };
  const ctx: ServiceContext = { deps, unary: (service) => makeUnary(env, service), reserve: new Reservations(), logInternal, syncJobs };

  const impls: Record<ServiceName, grpc.UntypedServiceImplementation> = {
    KeyStoreService: keyStoreService(ctx),
    CredentialService: credentialService(ctx),
    SourceKeyService: sourceKeyService(ctx),
    VirtualKeyService: virtualKeyService(ctx),
    HyokKeyService: hyokKeyService(ctx),
    AuditService: auditService(ctx, () => audit.flush()),
    FleetService: fleetService(ctx),
    KmsService: kmsService(ctx),
    SyncJobService: syncJobService(ctx, syncJobs),
    PolicyTemplateService: policyTemplateService(ctx),
  };

  const server = new grpc.Server({
    "grpc.max_receive_message_length": maxMessageBytes,
    interceptors: [
      adminGuard({
        auth,
        isOpen,
        // the audit sink rate-limits these: anyone who can reach the port can make them
        onUnauthenticated: (path) => audit.record({ kind: "admin", operation: operationOf(path), outcome: "failure", errorName: "UNAUTHENTICATED", actor: "unauthenticated" }),
        // authenticated callers' failures are audited, malformed messages included
        onUndecodable: (path, actor) => audit.record({ kind: "admin", operation: operationOf(path), outcome: "failure", errorName: "INVALID_ARGUMENT", actor }),
      }),
    ],
  });
  const health = new HealthImplementation({ "": "SERVING" });
  const lookup = descriptorLookup(proto.packageDefinition, ADMIN_PACKAGE);
  for (const name of SERVICE_NAMES) {
    server.addService(guardService(proto.services[name].service, lookup, deps.onDecode), impls[name]);
    health.setStatus(`${ADMIN_PACKAGE}.${name}`, "SERVING");
  }
  health.addToServer(server);
  new ReflectionService(proto.packageDefinition).addToServer(server);

  const credentials = deps.tls ? new ReloadableServerCredentials(deps.tls) : undefined;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${deps.host}:${deps.port}`, credentials ?? grpc.ServerCredentials.createInsecure(), (err, p) => {
      if (!err) {
        try {
          capAdminConnections(server, deps.maxConnections ?? DEFAULT_MAX_ADMIN_CONNECTIONS);
        } catch (e) {
          server.forceShutdown();
          return reject(e as Error);
        }
        return resolve(p);
      }
      // nothing may stay open after a failed start (an open server handle aborts the process at exit)
      server.forceShutdown();
      reject(new Error(`cannot listen for the admin API on ${deps.host}:${deps.port}: ${err.message}`));
    });
  });

  let closed: Promise<void> | undefined;
  return {
    port,
    setStoreAvailable(up) {
      if (closed) return;
      for (const name of SERVICE_NAMES) health.setStatus(`${ADMIN_PACKAGE}.${name}`, up ? "SERVING" : "NOT_SERVING");
    },
    reloadTls(tls) {
      if (!credentials) throw new Error("the admin API runs without TLS (admin.tls): there are no certificates to reload");
      credentials.reload(tls);
    },
    close() {
      closed ??= (async () => {
        health.setStatus("", "NOT_SERVING");
        await new Promise<void>((resolve) => {
          // in-flight calls get a moment to finish, then the server is forced down
          const force = setTimeout(() => server.forceShutdown(), 2000);
          server.tryShutdown(() => {
            clearTimeout(force);
            resolve();
          });
        });
        await syncRunner.close();
        await ownAudit?.close();
      })();
      return closed;
    },
  };
}
