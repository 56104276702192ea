/** A plain gRPC client for the admin API, built from proto/ (the contract) — not from src/admin. */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { fileURLToPath } from "node:url";

const PROTO = fileURLToPath(new URL("../../proto/xks_admin.proto", import.meta.url));

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-side JSON
export type Call = (method: string, req?: Row) => Promise<Row>;

export interface AdminClient {
  keyStores: Call;
  credentials: Call;
  sourceKeys: Call;
  virtualKeys: Call;
  hyokKeys: Call;
  audit: Call;
  fleet: Call;
  kms: Call;
  syncJobs: Call;
  policyTemplates: Call;
  close(): void;
}

export function adminClient(port: number, token: string | undefined): AdminClient {
  const def = protoLoader.loadSync(PROTO, { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true });
  const pkg = (grpc.loadPackageDefinition(def) as Row).xks.admin.v1;
  const clients: grpc.Client[] = [];
  const make = (service: string): Call => {
    const client = new pkg[service](`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as grpc.Client & Row;
    clients.push(client);
    return (method, req = {}) =>
      new Promise((resolve, reject) => {
        const md = new grpc.Metadata();
        if (token) md.set("authorization", `Bearer ${token}`);
        client[method](req, md, (err: grpc.ServiceError | null, res: Row) => (err ? reject(err) : resolve(res)));
      });
  };
  return {
    keyStores: make("KeyStoreService"),
    credentials: make("CredentialService"),
    sourceKeys: make("SourceKeyService"),
    virtualKeys: make("VirtualKeyService"),
    hyokKeys: make("HyokKeyService"),
    audit: make("AuditService"),
    fleet: make("FleetService"),
    kms: make("KmsService"),
    syncJobs: make("SyncJobService"),
    policyTemplates: make("PolicyTemplateService"),
    close: () => clients.forEach((c) => c.close()),
  };
}
