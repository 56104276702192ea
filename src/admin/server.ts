import * as grpc from "@grpc/grpc-js";
import { ReflectionService } from "@grpc/reflection";
import { HealthImplementation } from "grpc-health-check";
import { AuditSink } from "../obs/audit.js";
import { BearerAuth } from "./auth.js";
import type { AdminDeps } from "./deps.js";
import { ADMIN_PACKAGE, loadAdminProto, SERVICE_NAMES, type ServiceName } from "./proto.js";
import { makeUnary } from "./rpc.js";
import { auditService } from "./services/audit.js";
import type { ServiceContext } from "./services/context.js";
import { credentialService } from "./services/credentials.js";
import { hyokKeyService } from "./services/hyokKeys.js";
import { keyStoreService } from "./services/keyStores.js";
import { sourceKeyService } from "./services/sourceKeys.js";
import { virtualKeyService } from "./services/virtualKeys.js";

export type { AdminDeps } from "./deps.js";

export interface AdminServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the gRPC admin plane: the six resource services, grpc.health.v1 and server reflection.
 * Every admin call needs a bearer token (health and reflection stay open so probes and grpcurl
 * can discover the API; they reveal no key data).
 */
export async function startAdminServer(deps: AdminDeps): Promise<AdminServer> {
  if (deps.tokens.filter((t) => t.length > 0).length === 0) throw new Error("admin server needs at least one bearer token");
  const proto = loadAdminProto();
  const ownAudit = deps.audit ? undefined : new AuditSink(deps.store);
  const audit = deps.audit ?? ownAudit!;
  const env = { auth: new BearerAuth(deps.tokens), audit, onChange: deps.onChange };
  const ctx: ServiceContext = { deps, unary: (service) => makeUnary(env, service) };

  const impls: Record<ServiceName, grpc.UntypedServiceImplementation> = {
    KeyStoreService: keyStoreService(ctx),
    CredentialService: credentialService(ctx),
    SourceKeyService: sourceKeyService(ctx),
    VirtualKeyService: virtualKeyService(ctx),
    HyokKeyService: hyokKeyService(ctx),
    AuditService: auditService(ctx, () => audit.flush()),
  };

  const server = new grpc.Server();
  const health = new HealthImplementation({ "": "SERVING" });
  for (const name of SERVICE_NAMES) {
    server.addService(proto.services[name].service, impls[name]);
    health.setStatus(`${ADMIN_PACKAGE}.${name}`, "SERVING");
  }
  health.addToServer(server);
  new ReflectionService(proto.packageDefinition).addToServer(server);

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${deps.host}:${deps.port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });

  let closed: Promise<void> | undefined;
  return {
    port,
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
        await ownAudit?.close();
      })();
      return closed;
    },
  };
}
