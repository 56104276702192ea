import { TRANSPORTS } from "./helpers/daemon.js";
import { dataPlaneSuite } from "./helpers/dataplane-suite.js";
import { useStoreEngines } from "./helpers/store-engines.js";

useStoreEngines();
for (const transport of TRANSPORTS) dataPlaneSuite("local", transport);
// the store is behind the key view, not the transport: one transport suffices to run the suite on PostgreSQL
dataPlaneSuite("local", TRANSPORTS[0]!, "postgres");
