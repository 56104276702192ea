import { describe, expect, it } from "vitest";
import { fillRandomIv, randomIv } from "../src/crypto/iv-source.js";

describe("IV source", () => {
  it("hands out fresh 12-byte IVs, never the same bytes twice, across block refills", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const iv = randomIv();
      expect(iv).toHaveLength(12);
      seen.add(iv.toString("hex"));
    }
    expect(seen.size).toBe(20_000);
    const sixteen = fillRandomIv(Buffer.alloc(16));
    expect(sixteen.equals(Buffer.alloc(16))).toBe(false);
  });
});
