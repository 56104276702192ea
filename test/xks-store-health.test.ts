/**
 * The unauthenticated key store health check follows the store's real key manager: a failing HSM
 * (played by the native-bench PKCS#11 shim over SoftHSM2) turns it to 503, recovery back to 200.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildShim, writeShimControl } from "../native-bench/shim/shim.mjs";
import { startTestDaemon, type TestDaemon } from "./helpers/daemon.js";
import { send } from "./helpers/sign.js";
import { softhsm } from "./setup/softhsm.js";

const env = softhsm();
const control = join(mkdtempSync(join(tmpdir(), "xks-shim-")), "control");
const shim = (settings: Record<string, unknown>) => writeShimControl(control, settings);

describe("key store health check with a failing HSM", () => {
  let t: TestDaemon;
  let storeId: string;

  beforeAll(async () => {
    shim({});
    process.env.XKS_SHIM_TARGET = env.module;
    process.env.XKS_SHIM_CONTROL = control;
    t = await startTestDaemon({ hsm: true, modulePath: buildShim(), partitions: [{ label: env.tokens[0], pinEnv: "XKS_TEST_HSM_PIN", sessions: 2 }] });
    storeId = (await t.admin.keyStores("Create", { name: "store-health", kms: "111122223333", region: "us-east-1", local_hosted_params: { partition_id: env.tokens[0] } })).id;
  });
  afterAll(async () => {
    shim({});
    await t?.stop();
  });

  const check = () => send(t.daemon.xksPort, `/keystores/${storeId}/health`, "", {}, "GET");
  const deepCheck = async () => (JSON.parse((await t.admin.keyStores("HealthCheck", { id: storeId })).result) as { healthStatus: string }[])[0]!.healthStatus;

  it("200 while the HSM works, 503 once every key manager is unavailable, 200 again after recovery", async () => {
    expect(await deepCheck()).toBe("ACTIVE");
    expect((await check()).status).toBe(200);
    shim({ fail: "device_error", failCalls: ["C_Encrypt"] });
    await expect.poll(deepCheck, { timeout: 10_000, interval: 200 }).toBe("UNAVAILABLE");
    // polled no faster than the endpoint's own limit of 2 per second
    let down: Awaited<ReturnType<typeof check>> | undefined;
    await expect.poll(async () => (down = await check()).status, { timeout: 10_000, interval: 600 }).toBe(503);
    expect(down!.json.errorName).toBe("InternalException");
    shim({});
    await expect.poll(deepCheck, { timeout: 20_000, interval: 250 }).toBe("ACTIVE");
    await expect.poll(async () => (await check()).status, { timeout: 10_000, interval: 600 }).toBe(200);
  });
});
