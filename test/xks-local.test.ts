import { TRANSPORTS } from "./helpers/daemon.js";
import { dataPlaneSuite } from "./helpers/dataplane-suite.js";

for (const transport of TRANSPORTS) dataPlaneSuite("local", transport);
