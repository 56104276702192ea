/** PKCS#11 key backend: every HSM call runs in a worker thread that owns one session. */
export { Pkcs11Backends, type ManagedPartition } from "./backends.js";
export { HaPartition } from "./ha-partition.js";
export { Pkcs11Partition, type Pkcs11PartitionConfig } from "./partition.js";
export { HsmKeyExistsError, type PoolStats as Pkcs11Stats } from "./pool.js";
