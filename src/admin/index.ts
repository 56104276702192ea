export { startAdminServer, type AdminServer } from "./server.js";
export type { AdminDeps } from "./deps.js";
export { loadAdminProto, ADMIN_PROTO_PATH, SERVICE_NAMES, type ServiceName } from "./proto.js";
