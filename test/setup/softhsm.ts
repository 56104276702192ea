import { inject } from "vitest";
import type { SoftHsmEnv } from "./softhsm.global.js";

/** The run's private SoftHSM2 tokens; also points this test process's SoftHSM at them. */
export function softhsm(): SoftHsmEnv {
  const env = inject("softhsm");
  process.env.SOFTHSM2_CONF = env.conf;
  return env;
}
