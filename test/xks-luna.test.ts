import { dataPlaneSuite } from "./helpers/dataplane-suite.js";

dataPlaneSuite("luna-hsm");
