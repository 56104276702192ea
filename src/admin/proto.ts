import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { fileURLToPath } from "node:url";

/**
 * Loads proto/xks_admin.proto at run time; shared by the server and the CLI client.
 * The path is relative to this module, so it works from src/ (tsx, vitest) and dist/ alike.
 */
export const ADMIN_PROTO_PATH = fileURLToPath(new URL("../../proto/xks_admin.proto", import.meta.url));
export const ADMIN_PACKAGE = "xks.admin.v1";

export const SERVICE_NAMES = [
  "KeyStoreService",
  "CredentialService",
  "SourceKeyService",
  "VirtualKeyService",
  "HyokKeyService",
  "AuditService",
  "FleetService",
  "KmsService",
  "SyncJobService",
  "PolicyTemplateService",
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface AdminProto {
  packageDefinition: protoLoader.PackageDefinition;
  services: Record<ServiceName, grpc.ServiceClientConstructor>;
}

/**
 * How the proto is decoded. `npm run gen:proto` passes the same options to proto-loader-gen-types
 * (test/admin-schema.test.ts checks both agree), so the generated types describe these objects.
 */
export const ADMIN_PROTO_OPTIONS = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
} as const;

let cached: AdminProto | undefined;

function isServiceCtor(v: unknown): v is grpc.ServiceClientConstructor {
  return typeof v === "function" && "service" in v;
}

export function loadAdminProto(): AdminProto {
  if (cached) return cached;
  const packageDefinition = protoLoader.loadSync(ADMIN_PROTO_PATH, ADMIN_PROTO_OPTIONS);
  const root = grpc.loadPackageDefinition(packageDefinition);
  let ns: unknown = root;
  for (const part of ADMIN_PACKAGE.split(".")) ns = (ns as Record<string, unknown>)[part];
  const services = {} as Record<ServiceName, grpc.ServiceClientConstructor>;
  for (const name of SERVICE_NAMES) {
    const ctor = (ns as Record<string, unknown>)[name];
    if (!isServiceCtor(ctor)) throw new Error(`${ADMIN_PROTO_PATH} does not define ${ADMIN_PACKAGE}.${name}`);
    services[name] = ctor;
  }
  cached = { packageDefinition, services };
  return cached;
}
