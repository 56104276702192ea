import { describe, expect, it } from "vitest";
import { buildGcmAad, decodeKeyVersion, encodeKeyVersion } from "../src/keys/version-codec.js";
import { ciphertextDataIntegrityValue } from "../src/xks/cdiv.js";
import { encryptResponseJson } from "../src/xks/handlers.js";

describe("ciphertext integrity and metadata", () => {
  it("the Encrypt response body is byte for byte what JSON.stringify writes, with and without a CDIV", () => {
    const r = { ciphertext: "ghxkK1txeDNn3q8Y", ciphertextMetadata: "AQAAAAE=", initializationVector: "HMrlRw85cAJUd5Ax", authenticationTag: "vBxN2ncH1oEkR8WVXpmyYQ==" };
    expect(encryptResponseJson(r)).toBe(JSON.stringify(r));
    const withCdiv = { ...r, ciphertextDataIntegrityValue: "qHA/ImC9h5HsLRXqCyPmWgYx7tzyoTplzILbP0fPXsc=" };
    expect(encryptResponseJson(withCdiv)).toBe(JSON.stringify(withCdiv));
  });

  it("reproduces the spec's Appendix C CDIV example", () => {
    const aad = Buffer.from("project=nile,department=marketing");
    const meta = Buffer.from("key_version=1");
    const iv = Buffer.from("HMrlRw85cAJUd5Ax", "base64");
    const ct = Buffer.from("ghxkK1txeDNn3q8Y", "base64");
    const tag = Buffer.from("vBxN2ncH1oEkR8WVXpmyYQ==", "base64");
    expect([aad.length, meta.length, iv.length, ct.length, tag.length]).toEqual([33, 13, 12, 12, 16]);
    expect(ciphertextDataIntegrityValue(aad, meta, iv, ct, tag)).toBe("qHA/ImC9h5HsLRXqCyPmWgYx7tzyoTplzILbP0fPXsc=");
  });

  it("builds the GCM AAD with both lengths, so metadata cannot pose as AAD", () => {
    const meta = encodeKeyVersion(7);
    const withAad = buildGcmAad(Buffer.from("ab"), meta);
    expect(withAad.toString("hex")).toBe("0002" + "6162" + "05" + meta.toString("hex"));
    const moved = buildGcmAad(meta, Buffer.alloc(0));
    expect(moved.equals(buildGcmAad(undefined, meta))).toBe(false);
  });

  it("round-trips key versions and refuses foreign metadata", () => {
    expect(decodeKeyVersion(encodeKeyVersion(1))).toBe(1);
    expect(decodeKeyVersion(encodeKeyVersion(4_000_000_000))).toBe(4_000_000_000);
    for (const bad of [undefined, Buffer.from("key_version=1"), Buffer.from([2, 0, 0, 0, 1]), Buffer.from([1, 0, 0, 0, 0])]) {
      expect(() => decodeKeyVersion(bad)).toThrow(expect.objectContaining({ name: "InvalidCiphertextException" }));
    }
  });
});
