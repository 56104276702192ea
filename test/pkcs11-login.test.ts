/**
 * Login failures. Its own file: PKCS#11 login state is per token per process, so once any session
 * of this process is logged in, C_Login answers CKR_USER_ALREADY_LOGGED_IN even for a wrong PIN.
 */
import { expect, it } from "vitest";
import { Pkcs11Partition } from "../src/crypto/pkcs11/index.js";
import { softhsm } from "./setup/softhsm.js";

const env = softhsm();

it("rejects a wrong PIN with CKR_PIN_INCORRECT and never reveals it, then opens with the right one", async () => {
  const pin = "wrong-pin-zz9-secret";
  const err = await Pkcs11Partition.open({ modulePath: env.module, tokenLabel: env.tokens[1] as string, pin, sessions: 2 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(Error);
  expect((err as Error).message).toMatch(/^PKCS#11 partition "xks-test-b": cannot open a logged-in session on token "xks-test-b": CKR_PIN_INCORRECT$/);
  expect((err as Error).message).not.toContain(pin);
  expect((err as Error).stack ?? "").not.toContain(pin);

  const ok = await Pkcs11Partition.open({ modulePath: env.module, tokenLabel: env.tokens[1] as string, pin: env.pin, sessions: 2 });
  expect(ok.health()).toBe("ACTIVE");
  await ok.close();
});
