import pkcs11js from "pkcs11js";

/**
 * A test-side pkcs11js handle on the process-global PKCS#11 library (the daemon or pool under
 * test may have initialized it already: that is fine).
 */
export function openLibrary(modulePath: string): pkcs11js.PKCS11 {
  const lib = new pkcs11js.PKCS11();
  lib.load(modulePath);
  try {
    lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (e) {
    if (!(e instanceof Error && e.message === "CKR_CRYPTOKI_ALREADY_INITIALIZED")) throw e;
  }
  return lib;
}
