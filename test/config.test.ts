import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildConfig, ConfigError, DEFAULTS, loadConfig, readPin, redacted } from "../src/config/config.js";
import { ENV_OVERRIDES } from "../src/config/env.js";
import { jsonSchema } from "../src/config/schema.js";
import { nearest } from "../src/config/suggest.js";
import { createSealer, loadOrCreateMasterKey } from "../src/crypto/local/sealer.js";

const ROOT = new URL("..", import.meta.url).pathname;
const PKCS11 = { modulePath: "/x.so", partitions: [{ label: "p", pinEnv: "X_PIN" }] };
const tmp = () => mkdtempSync(join(tmpdir(), "xks-cfg-"));

function refusal(file: unknown, env: NodeJS.ProcessEnv = {}): string {
  try {
    buildConfig(file, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${JSON.stringify(file)} ${JSON.stringify(env)}`);
}

type SchemaNode = { type?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode; anyOf?: SchemaNode[]; minimum?: number; maximum?: number };

/** every leaf key of the JSON Schema, arrays as [] (pkcs11.partitions[].label) */
function leaves(node: SchemaNode, path = ""): [string, SchemaNode][] {
  const obj = node.anyOf?.find((n) => n.type === "object") ?? node;
  if (obj.properties) return Object.entries(obj.properties).flatMap(([k, v]) => (k.startsWith("$") ? [] : leaves(v, path ? `${path}.${k}` : k)));
  if (node.type === "array" && node.items?.properties) return leaves(node.items, `${path}[]`);
  return [[path, node]];
}

/** a file object with `value` at a dotted path (partitions[] → inside the one example partition) */
function withValue(path: string, value: unknown): Record<string, unknown> {
  if (path.startsWith("pkcs11.partitions[].")) return { pkcs11: { ...PKCS11, partitions: [{ ...PKCS11.partitions[0], [path.split(".").pop()!]: value }] } };
  const [section, key] = path.split(".");
  // health.maxAgeMs must not be below health.intervalMs: test its own range with the smallest interval
  if (section === "health" && key === "maxAgeMs") return { health: { intervalMs: 1000, maxAgeMs: value } };
  return key === undefined ? { [section!]: value } : { [section!]: { [key]: value } };
}

describe("configuration", () => {
  it("has the documented embedded defaults", () => {
    const c = buildConfig({}, {});
    expect(c.xks).toMatchObject({ host: "127.0.0.1", port: 8080, tls: null, requestTimeoutMs: 200, maxBodyBytes: 65536, bodyTimeoutMs: 5_000 });
    expect(c.admin).toEqual({ host: "127.0.0.1", port: 9090, tokens: [], maxMessageBytes: 262_144, tls: null, insecure: false });
    expect(c.metrics).toEqual({ host: "127.0.0.1", port: 9100 });
    expect(c.audit).toEqual({ retentionDays: 90, maxRecords: 1_000_000, unauthenticatedFailuresPerSecond: 5 });
    expect(c.pkcs11).toBeNull();
    expect(c.dataDir).toBe(join(process.cwd(), "data"));
    expect(c.xks.threads).toBe(availableParallelism());
    expect(c.xks.nice).toBe(0);
    expect(DEFAULTS).toEqual(c);
  });

  it("is deeply frozen", () => {
    const c = buildConfig({ pkcs11: PKCS11 }, {});
    expect(Object.isFrozen(c) && Object.isFrozen(c.xks) && Object.isFrozen(c.admin.tokens) && Object.isFrozen(c.pkcs11!.partitions[0])).toBe(true);
    expect(() => {
      (c.xks as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it("leaves a core to the main thread and HSM workers by default when PKCS#11 is configured", () => {
    expect(buildConfig({ pkcs11: PKCS11 }, {}).xks.threads).toBe(Math.max(1, availableParallelism() - 1));
    expect(buildConfig({ pkcs11: PKCS11, xks: { threads: 4 } }, {}).xks.threads).toBe(4);
    expect(buildConfig({ pkcs11: PKCS11 }, {}).pkcs11!.partitions[0]).toEqual({ label: "p", pinEnv: "X_PIN", sessions: 8, maxQueue: 256, useHsmIv: false });
  });

  it("lets the environment override the file", () => {
    const c = buildConfig(
      { xks: { port: 1, tls: null }, admin: { tokens: ["cccccccccccccccc"] } },
      { XKS_HTTP_PORT: "8443", XKS_ADMIN_TOKENS: "aaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbb", XKS_HTTP_THREADS: "3", XKS_HTTP_NICE: "-10", XKS_TLS_CERT_FILE: "/c.pem", XKS_TLS_KEY_FILE: "/k.pem", XKS_ADMIN_HOST: "0.0.0.0", XKS_METRICS_HOST: "::",
        XKS_ADMIN_TLS_CERT_FILE: "/ac.pem", XKS_ADMIN_TLS_KEY_FILE: "/ak.pem", XKS_ADMIN_TLS_CLIENT_CA_FILE: "/aca.pem", XKS_TRANSPORT: "node" },
    );
    expect(c.admin.tls).toEqual({ certFile: "/ac.pem", keyFile: "/ak.pem", clientCaFile: "/aca.pem" });
    expect(c.xks).toMatchObject({ port: 8443, threads: 3, nice: -10, transport: "node", tls: { certFile: "/c.pem", keyFile: "/k.pem" } });
    expect(c.admin.tokens).toEqual(["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"]);
    expect([c.admin.host, c.metrics.host]).toEqual(["0.0.0.0", "::"]);
    expect(buildConfig({ pkcs11: PKCS11 }, { XKS_PKCS11_MODULE: "/y.so" }).pkcs11!.modulePath).toBe("/y.so");
    expect(refusal({ pkcs11: PKCS11 }, { XKS_PKCS11_MODULE: "./y.so" })).toMatch(/^XKS_PKCS11_MODULE="\.\/y.so": must be an absolute path/);
  });

  it("refuses bad values with a message naming the key", () => {
    const bad: [unknown, RegExp][] = [
      [{ xks: { port: 70000 } }, /^xks.port must be an integer in 0..65535$/],
      [{ xks: { port: "8080" } }, /^xks.port must be an integer in 0..65535$/],
      [{ xks: { port: 80.5 } }, /^xks.port must be an integer/],
      [{ xks: { requestTimeoutMs: 1000 } }, /xks.requestTimeoutMs must be an integer in 10..250/],
      [{ xks: { host: "a host" } }, /^xks.host must be an IP address or a host name$/],
      [{ xks: { tls: { certFile: "/c.pem" } } }, /^xks.tls.keyFile is required$/],
      [{ xks: "fast" }, /^xks must be an object$/],
      [{ dataDir: "" }, /^dataDir must be a file path/],
      [{ dataDir: "a\0b" }, /^dataDir must be a file path/],
      [{ admin: { tokens: ["short"] } }, /^admin.tokens\[0\] must be 16..4096 visible ASCII characters/],
      [{ admin: { tokens: ["with a space in it ok"] } }, /^admin.tokens\[0\]/],
      [{ admin: { tokens: "aaaaaaaaaaaaaaaa" } }, /^admin.tokens must be a list of tokens$/],
      [{ pkcs11: { modulePath: "/x.so", partitions: [{ label: "p" }] } }, /^pkcs11.partitions\[0\] needs pinEnv or pinFile/],
      [{ pkcs11: { modulePath: "/x.so", partitions: [{ label: "p", pinEnv: "X", pinFile: "/pin" }] } }, /has both pinEnv and pinFile/],
      [{ pkcs11: { modulePath: "/x.so", partitions: [{ label: "p", pinEnv: "X", members: [] }] } }, /pkcs11.partitions\[0\].members must list 1..16 token labels/],
      [{ pkcs11: { modulePath: "/x.so", partitions: [{ label: "p", pinEnv: "X", members: ["a", "a"] }] } }, /members must not list a token twice/],
      [{ pkcs11: { modulePath: "/x.so", partitions: [{ label: "p", pinEnv: "X" }, { label: "p", pinFile: "/pin" }] } }, /pkcs11.partitions\[1\].label "p" is already the label of pkcs11.partitions\[0\]/],
      [{ pkcs11: { modulePath: "/x.so", partitions: [{ label: "x".repeat(33), pinEnv: "X" }] } }, /label must be a token label of 1..32 bytes/],
      [{ pkcs11: { modulePath: "/x.so", partitions: [{ label: "é".repeat(17), pinEnv: "X" }] } }, /label must be a token label of 1..32 bytes/],
      [{ pkcs11: { modulePath: "/x.so", partitions: [{ label: "p", pinEnv: "MY-PIN" }] } }, /pinEnv must be an environment variable name/],
      [{ pkcs11: { modulePath: "/x.so", partitions: [] } }, /pkcs11.partitions must list 1..64 partitions/],
      [{ pkcs11: { ...PKCS11, modulePath: "libsofthsm2.so" } }, /^pkcs11.modulePath must be an absolute path/],
      [{ pkcs11: { modulePath: "/x.so", partitions: [{ label: "p", pinEnv: "XKS_ADMIN_TOKENS" }] } }, /pinEnv XKS_ADMIN_TOKENS is one of xks-proxy's own variables/],
      [{ health: { intervalMs: 20_000, maxAgeMs: 10_000 } }, /health.maxAgeMs \(10000\) must be ≥ health.intervalMs \(20000\)/],
      [{ xks: { port: 9090 } }, /^admin.port \(9090\) is also xks.port: each listener needs its own port$/],
      [{ metrics: { port: 8080, host: "0.0.0.0" } }, /^metrics.port \(8080\) is also xks.port/],
      [{ xks: { nice: -21 } }, /xks.nice must be an integer in -20..19/],
      [{ xks: { nice: 2.5 } }, /xks.nice/],
      [{ xks: { transport: "express" } }, /^xks.transport must be "auto", "uws" or "node"$/],
      [{ xks: { tls: { certFile: "/c.pem", keyFile: "/k.pem", clientAuth: { caFile: "/ca.pem", subjects: [] } } } }, /^xks.tls.clientAuth.subjects must name at least one subject$/],
      [{ xks: { tls: { certFile: "/c.pem", keyFile: "/k.pem", clientAuth: { caFile: "/ca.pem", subjects: ["a b"] } } } }, /^xks.tls.clientAuth.subjects\[0\] must be a subject common name/],
      [{ xks: { transport: "uws", tls: { certFile: "/c.pem", keyFile: "/k.pem", clientAuth: { caFile: "/ca.pem", subjects: ["x"] } } } }, /^xks.transport \(uws\) cannot see client certificates/],
      [{ log: { level: "loud" } }, /^log.level must be one of debug, info, warn, error$/],
      [[], /^config must be an object$/],
      [null, /^config must be an object$/],
    ];
    for (const [file, msg] of bad) expect(refusal(file)).toMatch(msg);
    // one port on two different addresses, or a free port each, is fine
    expect(buildConfig({ xks: { port: 9100, host: "127.0.0.2" } }, {}).xks.port).toBe(9100);
    expect(buildConfig({ xks: { port: 0 }, admin: { port: 0 }, metrics: { port: 0 } }, {}).admin.port).toBe(0);
    expect(refusal({}, { XKS_METRICS_PORT: "9090" })).toBe("metrics.port (9090) is also admin.port: each listener needs its own port");
    // every mistake at once, not only the first
    expect(refusal({ xks: { port: -1, prot: 1 }, log: { level: 1 } }).split("; ")).toHaveLength(3);
  });

  it("admin plane off loopback: refused without admin.tls unless admin.insecure says so; half a TLS pair from the environment is named", () => {
    const inClear = /^admin\.host \((.*)\) is not a loopback address and admin\.tls is not set: the bearer token would cross the network in clear \(set admin\.tls, or admin\.insecure: true to accept that\)$/;
    for (const host of ["0.0.0.0", "::", "10.1.2.3", "admin.example.com", "128.0.0.1", "localhost.example.com"]) expect(refusal({ admin: { host } }), host).toMatch(inClear);
    expect(refusal({}, { XKS_ADMIN_HOST: "0.0.0.0" })).toMatch(inClear);
    for (const host of ["127.0.0.1", "127.3.4.5", "::1", "localhost", "LOCALHOST", "::ffff:127.0.0.1"]) expect(buildConfig({ admin: { host } }, {}).admin.host, host).toBe(host);
    expect(buildConfig({ admin: { host: "0.0.0.0", insecure: true } }, {}).admin).toMatchObject({ host: "0.0.0.0", insecure: true, tls: null });
    expect(buildConfig({ admin: { host: "0.0.0.0", tls: { certFile: "/c.pem", keyFile: "/k.pem" } } }, {}).admin.tls).toEqual({ certFile: "/c.pem", keyFile: "/k.pem" });
    expect(refusal({ admin: { insecure: "yes" } })).toBe("admin.insecure must be true or false");
    expect(refusal({ admin: { tls: { certFile: "/c.pem" } } })).toBe("admin.tls.keyFile is required");
    expect(refusal({ admin: { tls: { certFile: "/c.pem", keyFile: "/k.pem", caFile: "/ca.pem" } } })).toBe("unknown key admin.tls.caFile (did you mean admin.tls.clientCaFile?)");
    expect(refusal({}, { XKS_ADMIN_TLS_CERT_FILE: "/c.pem" })).toBe("XKS_ADMIN_TLS_CERT_FILE is set but the other half of the TLS pair is missing (set XKS_ADMIN_TLS_KEY_FILE or admin.tls.keyFile)");
    expect(refusal({}, { XKS_ADMIN_TLS_KEY_FILE: "/k.pem" })).toBe("XKS_ADMIN_TLS_KEY_FILE is set but the other half of the TLS pair is missing (set XKS_ADMIN_TLS_CERT_FILE or admin.tls.certFile)");
    expect(refusal({}, { XKS_ADMIN_TLS_CLIENT_CA_FILE: "/ca.pem" })).toBe(
      "XKS_ADMIN_TLS_CLIENT_CA_FILE is set but admin.tls has no certificate and key (set XKS_ADMIN_TLS_CERT_FILE and XKS_ADMIN_TLS_KEY_FILE, or admin.tls in the file)",
    );
    // the file's pair completed by the environment's client CA
    const file = { admin: { tls: { certFile: "/c.pem", keyFile: "/k.pem" } } };
    expect(buildConfig(file, { XKS_ADMIN_TLS_CLIENT_CA_FILE: "/ca.pem" }).admin.tls).toEqual({ certFile: "/c.pem", keyFile: "/k.pem", clientCaFile: "/ca.pem" });
    // the CLI's variables may sit in the daemon's environment
    expect(buildConfig({}, { XKS_ADMIN_CA_FILE: "/ca.pem", XKS_ADMIN_CERT_FILE: "/c.pem", XKS_ADMIN_KEY_FILE: "/k.pem" }).admin.tls).toBeNull();
  });

  it("gives every number a range, refused on both sides of it and accepted at its ends", () => {
    const numbers = leaves(jsonSchema() as SchemaNode).filter(([, n]) => n.type === "integer");
    expect(numbers.map(([p]) => p)).toEqual(expect.arrayContaining(["xks.port", "xks.bodyTimeoutMs", "admin.maxMessageBytes", "audit.retentionDays", "audit.maxRecords", "audit.unauthenticatedFailuresPerSecond", "pkcs11.partitions[].maxQueue"]));
    for (const [path, n] of numbers) {
      expect(n.minimum, path).toBeTypeOf("number");
      expect(n.maximum, path).toBeTypeOf("number");
      const range = `must be an integer in ${n.minimum}..${n.maximum}`;
      expect(refusal(withValue(path, n.minimum! - 1))).toContain(range);
      expect(refusal(withValue(path, n.maximum! + 1))).toContain(range);
      expect(() => buildConfig(withValue(path, n.minimum), {}), `${path} = ${n.minimum}`).not.toThrow();
      expect(() => buildConfig(withValue(path, n.maximum), {}), `${path} = ${n.maximum}`).not.toThrow();
    }
  });

  it("refuses unknown keys by their full path, with the nearest valid name", () => {
    expect(refusal({ xks: { prot: 8443 } })).toBe("unknown key xks.prot (did you mean xks.port?)");
    expect(refusal({ xks: { requestTimoutMs: 100 } })).toBe("unknown key xks.requestTimoutMs (did you mean xks.requestTimeoutMs?)");
    expect(refusal({ _comment: "old style" })).toBe("unknown key _comment (did you mean $comment?)");
    expect(refusal({ pkcs11: { ...PKCS11, partitions: [{ ...PKCS11.partitions[0], sesions: 4 }] } })).toBe(
      "unknown key pkcs11.partitions[0].sesions (did you mean pkcs11.partitions[0].sessions?)",
    );
    expect(refusal({ xks: { tls: { certFile: "/c", keyFile: "/k", caFile: "/ca" } } })).toMatch(/^unknown key xks.tls.caFile \(/);
    expect(refusal({ frobnicate: true })).toBe("unknown key frobnicate (expected one of: $schema, $comment, dataDir, masterKeyFile, store, fleet, xks, admin, metrics, health, audit, credentialRotation, pkcs11, log)");
    // a key that is not a plain name is quoted, so the error stays one line
    expect(refusal({ "x\ny": 1 })).toMatch(/^unknown key \["x\\ny"\] /);
    expect(refusal(JSON.parse('{"__proto__": {"port": 1}}'))).toMatch(/^unknown key __proto__ /);
    expect(refusal({ ["k".repeat(100_000)]: 1 }).length).toBeLessThan(300);
    expect(buildConfig({ $schema: "./xks-proxy.schema.json", $comment: "notes" }, {})).toEqual(DEFAULTS);
  });

  it("names the environment variable, not the config path, when an override is bad", () => {
    expect(refusal({}, { XKS_HTTP_PORT: "abc" })).toBe('XKS_HTTP_PORT="abc": must be an integer in 0..65535');
    for (const v of ["0x10", "1e3", " 80", "80 ", "8080abc", "+80", "80.0"]) expect(refusal({}, { XKS_HTTP_PORT: v })).toBe(`XKS_HTTP_PORT=${JSON.stringify(v)}: must be an integer in 0..65535`);
    expect(refusal({}, { XKS_HTTP_THREADS: "0" })).toBe('XKS_HTTP_THREADS="0": must be an integer in 1..64');
    expect(refusal({}, { XKS_LOG_LEVEL: "verbose" })).toBe('XKS_LOG_LEVEL="verbose": must be one of debug, info, warn, error');
    expect(refusal({}, { XKS_TRANSPORT: "fast" })).toBe('XKS_TRANSPORT="fast": must be "auto", "uws" or "node"');
    expect(refusal({}, { XKS_HTTP_HOST: "" })).toMatch(/^XKS_HTTP_HOST is set but empty/);
    // the file's own mistake is still named by its path, even where the environment overrides it
    expect(refusal({ xks: { port: "x" } }, { XKS_HTTP_PORT: "80" })).toBe("xks.port must be an integer in 0..65535");
  });

  it("never echoes admin tokens from the environment in an error", () => {
    const msg = refusal({}, { XKS_ADMIN_TOKENS: "aaaaaaaaaaaaaaaaaaaa,short-secret" });
    expect(msg).toBe("XKS_ADMIN_TOKENS: entry 2 must be 16..4096 visible ASCII characters without commas");
    expect(msg).not.toContain("short-secret");
    expect(refusal({}, { XKS_ADMIN_TOKENS: "aaaaaaaaaaaaaaaaaaaa," })).toMatch(/^XKS_ADMIN_TOKENS: entry 2 /);
  });

  it("refuses half a TLS pair and a module path with no pkcs11 section", () => {
    expect(refusal({}, { XKS_TLS_CERT_FILE: "/c.pem" })).toMatch(/^XKS_TLS_CERT_FILE is set but the other half of the TLS pair is missing \(set XKS_TLS_KEY_FILE or xks.tls.keyFile\)$/);
    expect(buildConfig({ xks: { tls: { certFile: "/a", keyFile: "/b" } } }, { XKS_TLS_KEY_FILE: "/k" }).xks.tls).toEqual({ certFile: "/a", keyFile: "/k" });
    expect(refusal({}, { XKS_PKCS11_MODULE: "/x.so" })).toMatch(/^XKS_PKCS11_MODULE is set but the configuration file has no pkcs11 section/);
  });

  it("refuses unknown XKS_* variables with the nearest known one, and allows those other readers own", () => {
    expect(refusal({}, { XKS_HTTP_PROT: "443" })).toBe("unknown environment variable XKS_HTTP_PROT (did you mean XKS_HTTP_PORT?)");
    expect(refusal({}, { xks_http_port: "443" })).toBe("unknown environment variable xks_http_port (did you mean XKS_HTTP_PORT?)");
    expect(refusal({}, { XKS_ADMIN_TOKNS: "aaaaaaaaaaaaaaaa" })).toMatch(/did you mean XKS_ADMIN_TOKENS\?/);
    expect(refusal({}, { XKS_WHATEVER: "1" })).toMatch(/^unknown environment variable XKS_WHATEVER \(xks-proxy serve --help/);
    // a PIN variable is ours only when a partition names it
    expect(refusal({}, { XKS_LUNA_PIN: "1234" })).toMatch(/^unknown environment variable XKS_LUNA_PIN/);
    const env = { XKS_CONFIG: "/etc/x.json", XKS_ADMIN_ADDRESS: "127.0.0.1:1", XKS_ADMIN_TOKEN: "t", XKS_SHIM_TARGET: "/lib.so", X_PIN: "1", PATH: "/bin", XKSFOO: "not ours" };
    expect(() => buildConfig({ pkcs11: { ...PKCS11, partitions: [{ label: "p", pinEnv: "XKS_LUNA_PIN" }] } }, { ...env, XKS_LUNA_PIN: "1234" })).not.toThrow();
  });

  it("loads files strictly: duplicate keys, malformed JSON without echoing it, a size cap", () => {
    const dir = tmp();
    const file = (name: string, text: string | Buffer) => (writeFileSync(join(dir, name), text), join(dir, name));
    expect(loadConfig(file("ok.json", '\uFEFF{"xks": {"port": 1}}'), {}).xks.port).toBe(1);
    expect(() => loadConfig(file("dup.json", '{"xks": {"port": 1, "host": "::1", "port": 2}}'), {})).toThrow(/has the key xks.port more than once$/);
    expect(() => loadConfig(file("dup2.json", '{"pkcs11": {"modulePath": "/x", "partitions": [{"label": "a", "pinEnv": "P", "label": "b"}]}}'), {})).toThrow(/has the key pkcs11.partitions\[0\].label more than once/);
    // the same key in sibling objects is fine, and so is a string that looks like a key
    expect(loadConfig(file("sib.json", '{"dataDir": "{\\"port\\":", "admin": {"port": 1, "host": "::1"}, "metrics": {"port": 2, "host": "::1"}}'), {}).metrics.port).toBe(2);
    const secret = "supersecrettoken-0123456789";
    const e = (() => {
      try {
        loadConfig(file("bad.json", `{\n "admin": {"tokens": ["${secret}" "x"]}}`), {});
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(e).toMatch(/is not valid JSON: .* at line 2 column \d+$/);
    expect(e).not.toContain(secret);
    // a trailing comma: V8 quotes the end of the file cut short (`..."…"`), which held the token
    const trailing = (() => {
      try {
        loadConfig(file("trailing.json", `{"admin": {"tokens": ["${secret}",]}}`), {});
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(trailing).toMatch(/is not valid JSON: Unexpected token/);
    expect(trailing).not.toContain(secret.slice(-8));
    expect(() => loadConfig(file("big.json", Buffer.alloc(1024 * 1024 + 1, 0x20)), {})).toThrow(/larger than 1048576 bytes/);
    expect(() => loadConfig("/dev/zero", {})).toThrow(/larger than 1048576 bytes/);
    expect(() => loadConfig(join(dir, "missing.json"), {})).toThrow(/cannot read config file .*missing.json: ENOENT/);
    expect(() => loadConfig("", {})).toThrow(/file name is empty/);
  });

  it("redacts admin tokens from the printed configuration", () => {
    const c = buildConfig({ admin: { tokens: ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"] } }, {});
    const text = JSON.stringify(redacted(c));
    expect(text).toContain('"tokens":"<redacted: 2 tokens>"');
    expect(text).not.toMatch(/aaaa|bbbb/);
    expect(JSON.stringify(redacted(DEFAULTS))).toContain(`<none: generated into ${join(DEFAULTS.dataDir, "admin.token")}>`);
  });

  it("ships example configurations that validate under the strict schema", () => {
    const dev = loadConfig(join(ROOT, "config/dev.json"), {});
    expect(dev).toEqual(DEFAULTS);
    const luna = loadConfig(join(ROOT, "config/luna.example.json"), { XKS_LUNA_PIN: "1234", XKS_ADMIN_TOKENS: "aaaaaaaaaaaaaaaa" });
    expect(luna.pkcs11!.partitions[0]!.pinEnv).toBe("XKS_LUNA_PIN");
    expect(luna.xks.tls).not.toBeNull();
    const node = loadConfig(join(ROOT, "config/fleet-node.example.json"), { XKS_ADMIN_TOKENS: "aaaaaaaaaaaaaaaa" });
    expect(node.store.url).toMatch(/^postgres:\/\/xks_proxy@[^:]+:5432\/xks_proxy\?sslmode=verify-full/);
    expect(node.fleet).toEqual({ heartbeatMs: 1000, timeoutMs: 5000 });
  });

  it("publishes the JSON Schema generated from the zod schema (regenerate: node dist/cli/main.js config schema > config/xks-proxy.schema.json)", () => {
    const committed = readFileSync(join(ROOT, "config/xks-proxy.schema.json"), "utf8");
    expect(committed).toBe(JSON.stringify(jsonSchema(), null, 2) + "\n");
    const schema = JSON.parse(committed) as { additionalProperties: boolean; properties: Record<string, { additionalProperties?: boolean }> };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.xks!.additionalProperties).toBe(false);
  });

  it("documents every key and environment variable in the README's configuration table", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("\n## ", readme.indexOf("## Configuration") + 1));
    for (const [path] of leaves(jsonSchema() as SchemaNode)) expect(section, path).toContain(`\`${path}\``);
    for (const o of ENV_OVERRIDES) expect(section, o.name).toContain(`\`${o.name}\``);
  });

  it("suggests only names close enough to be a typo", () => {
    expect(nearest("prot", ["host", "port"])).toBe("port");
    expect(nearest("PORT", ["host", "port"])).toBe("port");
    expect(nearest("zzzzzz", ["host", "port"])).toBeUndefined();
  });

  it("reads PINs from the environment or a file, never echoing them in errors", () => {
    const dir = tmp();
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
