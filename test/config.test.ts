import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildConfig, ConfigError, readPin } from "../src/config/config.js";
import { createSealer, loadOrCreateMasterKey } from "../src/crypto/local/sealer.js";

describe("configuration", () => {
  it("has the documented embedded defaults", () => {
    const c = buildConfig({}, {});
    expect(c.xks).toMatchObject({ host: "127.0.0.1", port: 8080, tls: null, requestTimeoutMs: 200, maxBodyBytes: 65536 });
    expect(c.admin).toMatchObject({ host: "127.0.0.1", port: 9090, tokens: [] });
    expect(c.metrics).toEqual({ host: "127.0.0.1", port: 9100 });
    expect(c.pkcs11).toBeNull();
    expect(c.dataDir.endsWith("/data")).toBe(true);
    expect(c.xks.threads).toBe(availableParallelism());
    expect(c.xks.nice).toBe(0);
  });

  it("leaves a core to the main thread and HSM workers by default when PKCS#11 is configured", () => {
    const pkcs11 = { modulePath: "/x.so", partitions: [{ label: "p", pinEnv: "X" }] };
    expect(buildConfig({ pkcs11 }, {}).xks.threads).toBe(Math.max(1, availableParallelism() - 1));
    expect(buildConfig({ pkcs11, xks: { threads: 4 } }, {}).xks.threads).toBe(4);
  });

  it("lets the environment override the file", () => {
    const c = buildConfig({ xks: { port: 1 } }, { XKS_HTTP_PORT: "8443", XKS_ADMIN_TOKENS: "aaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbb", XKS_HTTP_THREADS: "3", XKS_HTTP_NICE: "-10" });
    expect(c.xks.port).toBe(8443);
    expect(c.xks.threads).toBe(3);
    expect(c.xks.nice).toBe(-10);
    expect(c.admin.tokens).toEqual(["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"]);
  });

  it("refuses bad values with a message naming the field", () => {
    const bad: [unknown, RegExp][] = [
      [{ xks: { port: 70000 } }, /xks.port/],
      [{ xks: { requestTimeoutMs: 1000 } }, /xks.requestTimeoutMs must be an integer in 10..250/],
      [{ admin: { tokens: ["short"] } }, /admin.tokens/],
      [{ pkcs11: { modulePath: "/x.so", partitions: [{ label: "p" }] } }, /needs pinEnv or pinFile/],
      [{ pkcs11: { modulePath: "/x.so", partitions: [{ label: "p", pinEnv: "X", members: [] }] } }, /members/],
      [{ xks: { nice: -21 } }, /xks.nice must be an integer in -20..19/],
      [{ xks: { nice: 2.5 } }, /xks.nice/],
      [{ log: { level: "loud" } }, /log.level/],
      [[], /config must be an object/],
    ];
    for (const [file, msg] of bad) expect(() => buildConfig(file, {})).toThrow(msg);
    expect(() => buildConfig({ xks: { port: -1 } }, {})).toThrow(ConfigError);
  });

  it("reads PINs from the environment or a file, never echoing them in errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "xks-cfg-"));
    writeFileSync(join(dir, "pin"), "s3cret-pin\n");
    expect(readPin({ label: "p", pinEnv: "P", sessions: 1, useHsmIv: false, maxQueue: 32 }, { P: "env-pin" })).toBe("env-pin");
    expect(readPin({ label: "p", pinFile: join(dir, "pin"), sessions: 1, useHsmIv: false, maxQueue: 32 }, {})).toBe("s3cret-pin");
    expect(() => readPin({ label: "p", pinEnv: "MISSING", sessions: 1, useHsmIv: false, maxQueue: 32 }, {})).toThrow(/MISSING is not set/);
  });
});

describe("master key and sealed secrets", () => {
  it("creates a 0600 master key once and refuses one others can read", () => {
    const dir = mkdtempSync(join(tmpdir(), "xks-mk-"));
    const file = join(dir, "data", "master.key");
    const k1 = loadOrCreateMasterKey(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateMasterKey(file).equals(k1)).toBe(true);
    chmodSync(file, 0o644);
    expect(() => loadOrCreateMasterKey(file)).toThrow(/must be 0600/);
    writeFileSync(join(dir, "short.key"), Buffer.alloc(16), { mode: 0o600 });
    expect(() => loadOrCreateMasterKey(join(dir, "short.key"))).toThrow(/exactly 32 bytes/);
    expect(readFileSync(file)).toHaveLength(32);
  });

  it("binds a sealed secret to its record and to the master key", () => {
    const s = createSealer(Buffer.alloc(32, 1));
    const blob = s.seal(Buffer.from("secret"), "credential:a");
    expect(s.open(blob, "credential:a").toString()).toBe("secret");
    expect(blob.includes(Buffer.from("secret"))).toBe(false);
    expect(() => s.open(blob, "credential:b")).toThrow(/does not open/);
    expect(() => createSealer(Buffer.alloc(32, 2)).open(blob, "credential:a")).toThrow(/does not open/);
  });
});
