import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/softhsm.global.ts"],
    pool: "forks",
    // One SoftHSM token directory is shared by the run; files run one after another so
    // timing-sensitive suites (throttle, deadlines) do not compete for the 2 cores.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
