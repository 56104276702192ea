import { dataPlaneSuite } from "./helpers/dataplane-suite.js";

dataPlaneSuite("local");
