/**
 * The admin CLI as a user meets it: the built `node dist/cli/main.js admin ...` spawned against a
 * real daemon on loopback; and the proto-derived command tree (every request field has a flag, a
 * new field or RPC in the .proto works with no CLI change, custom commands).
 */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PROTO_OPTIONS, ADMIN_PROTO_PATH } from "../src/admin/proto.js";
import { adminSchema, findVerb, type Verb } from "../src/cli/admin-schema.js";
import { NOUN_NAMES, type CustomCommand } from "../src/cli/admin-spec.js";
import { runAdmin } from "../src/cli/admin.js";
import { startTestDaemon, type TestDaemon } from "./helpers/daemon.js";
import { freePort } from "./helpers/process.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

interface Run {
  code: number;
  out: string;
  err: string;
}

/** Spawns the built CLI; the token comes from the given env (never from ./data). */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, cwd: tmp, timeout: 20_000 }, (err, out, errText) =>
      resolve({ code: child.exitCode ?? (err ? 1 : 0), out, err: errText }),
    );
  });
}

/** Runs `jobs` with at most `n` at a time (each spawn is a node start: ~0.2 s of CPU). */
async function limited<T>(jobs: (() => Promise<T>)[], n: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]!();
      }
    }),
  );
  return results;
}

let tmp: string;
let d: TestDaemon;
let address: string;
let auth: NodeJS.ProcessEnv;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "xks-cli-"));
  d = await startTestDaemon();
  address = `127.0.0.1:${d.daemon.adminPort}`;
  auth = { XKS_ADMIN_TOKEN: d.daemon.adminToken, XKS_ADMIN_ADDRESS: address };
});
afterAll(async () => {
  await d?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const schema = () => adminSchema();
const allVerbs = (): Verb[] => [...schema().nouns.values()].flatMap((n) => [...n.verbs.values()]);

describe("admin CLI help", () => {
  it("-h and --help exit 0 on the command, every noun and every verb, listing every flag with its type, range and required marker", async () => {
    const top = await cli(["admin", "--help"]);
    expect(top.code).toBe(0);
    for (const noun of schema().nouns.keys()) expect(top.out).toContain(noun);
    expect((await cli(["admin", "-h"])).code).toBe(0);

    const jobs: (() => Promise<void>)[] = [];
    for (const noun of schema().nouns.values()) {
      jobs.push(async () => {
        const r = await cli(["admin", noun.name, "-h"]);
        expect(r.code, `${noun.name} -h`).toBe(0);
        for (const v of noun.verbs.keys()) expect(r.out).toContain(v);
      });
      let i = 0;
      for (const verb of noun.verbs.values()) {
        const help = i++ % 2 ? "-h" : "--help";
        jobs.push(async () => {
          const r = await cli(["admin", noun.name, verb.name, help]);
          expect(r.code, `${noun.name} ${verb.name} ${help}: ${r.err}`).toBe(0);
          expect(r.err).toBe("");
          expect(r.out).toContain(`usage: xks-proxy admin ${noun.name} ${verb.name}`);
          expect(r.out).toContain(verb.summary);
          for (const f of verb.flags) {
            expect(r.out).toContain(`--${f.name}`);
            for (const a of f.aliases) expect(r.out).toContain(`--${a}`);
            if (f.kind === "int") expect(r.out).toContain(`${f.min}..${f.max}`);
          }
          const required = verb.flags.filter((f) => f.required && f.guard.length === 0);
          expect(r.out.split("(required)").length - 1, `${noun.name} ${verb.name} required markers`).toBe(required.length);
        });
      }
    }
    await limited(jobs, 3);
  }, 120_000);

  it("shows the proto's comments and required markers, e.g. keystore create", async () => {
    const r = await cli(["admin", "keystore", "create", "--help"]);
    expect(r.out).toMatch(/--name <string>\n\s+unique name, 1\.\.128 characters \(required\)/);
    expect(r.out).toMatch(/--region <string>\n\s+an AWS region name \(us-east-1, eu-central-1, us-gov-west-1, \.\.\.\) \(required\)/);
    expect(r.out).toMatch(/--max-credentials, --local-hosted-params\.max-credentials <int32 -2147483648\.\.2147483647>\n\s+2\.\.20/);
    expect(r.out).toContain("--rate-limit-rps, --local-hosted-params.rate-limit.requests-per-second");
  });

  it("an unknown noun or verb exits 2 naming it with a suggestion", async () => {
    const n = await cli(["admin", "keystroe", "list"]);
    expect(n.code).toBe(2);
    expect(n.err).toBe('xks-proxy: unknown noun "keystroe"; did you mean "keystore"? (nouns: keystore, credential, sourcekey, virtualkey, hyokkey, audit, kms, fleet, sync-job, policytemplate)\n');
    const v = await cli(["admin", "keystore", "lsit"]);
    expect(v.code).toBe(2);
    expect(v.err).toMatch(/^xks-proxy: unknown verb "lsit" for keystore; did you mean "list"\?/);
    const missing = await cli(["admin", "keystore"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("usage: xks-proxy admin keystore <verb>");
  });
});

describe("admin CLI refuses bad input before calling the daemon", () => {
  const refused = async (args: string[], message: RegExp) => {
    const r = await cli(["admin", ...args], auth);
    expect(r.code, `${args.join(" ")}: ${r.err}`).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(message);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  };

  it("an unknown flag is named with the nearest valid one", async () => {
    await refused(["keystore", "list", "--nme", "x3"], /^xks-proxy: unknown flag --nme for "keystore list"; did you mean --name\?/);
    await refused(["keystore", "create", "--name", "a", "--region", "us-east-1", "--rate-limit-rsp", "5"], /unknown flag --rate-limit-rsp .*did you mean --rate-limit-rps\?/);
    await refused(["keystore", "list", "--confg", "x"], /unknown flag --confg/);
    await refused(["keystore", "list", "stray"], /unexpected argument "stray"/);
    await refused(["keystore", "get", "--id", "--name"], /--id needs a value, got the flag --name/);
    await refused(["keystore", "list", "--name", "a", "--name", "b"], /--name is given twice/);
    await refused(["keystore", "create", "--name", "a", "--region", "r", "--partition-id", "p", "--local-hosted-params.partition-id", "q"], /--partition-id is given twice \(--partition-id, --local-hosted-params\.partition-id name one field\)/);
  });

  it("unknown --json fields are refused at any depth, naming the field", async () => {
    await refused(["keystore", "list", "--json", '{"nme":"x3"}'], /^xks-proxy: --json: unknown field "nme" in the request \(ListKeyStoresRequest\); did you mean "name"\?/);
    await refused(["keystore", "create", "--json", '{"name":"a","region":"us-east-1","local_hosted_params":{"rate_limit":{"rps":5}}}'], /unknown field "rps" in local_hosted_params\.rate_limit \(RateLimitRequest\)/);
    await refused(["hyokkey", "create", "--json", '{"local_hosted_params":{"custom_key_store_id":"x"},"aws_param":{"Tags":[{"TagKey":"a","Value":"b"}]}}'], /unknown field "Value" in aws_param\.Tags\[0\] \(Tag\); did you mean "TagValue"\?/);
    await refused(["keystore", "list", "--json", '{"__proto__":"x"}'], /unknown field "__proto__" in the request/);
    await refused(["keystore", "list", "--json", '{"toString":"x"}'], /unknown field "toString" in the request/);
    await refused(["keystore", "create", "--json", '{"name":"a","region":"us-east-1","aws_param":{"constructor":{}}}'], /unknown field "constructor" in aws_param \(KeyStoreAwsParam\)/);
    await refused(["keystore", "list", "--json", "[1]"], /--json must be a JSON object/);
    await refused(["keystore", "list", "--json", "{nope"], /--json is not valid JSON/);
  });

  it("wrong types and out-of-range integers are refused (flags and --json)", async () => {
    await refused(["keystore", "list", "--limit", "2147483648"], /--limit is out of range: 2147483648 \(int32: -2147483648\.\.2147483647\)/);
    await refused(["keystore", "list", "--skip", "-2147483649"], /--skip is out of range/);
    await refused(["keystore", "list", "--limit", "1e3"], /--limit takes an integer \(int32\), got "1e3"/);
    await refused(["keystore", "list", "--limit", "ten"], /--limit takes an integer/);
    await refused(["keystore", "list", "--blocked", "maybe"], /unexpected argument "maybe"/);
    await refused(["keystore", "list", "--blocked=maybe"], /--blocked takes true or false, got "maybe"/);
    await refused(["keystore", "list", "--json", '{"limit":"10"}'], /--json: limit must be an integer \(int32\), got "10"/);
    await refused(["keystore", "list", "--json", '{"limit":1.5}'], /limit must be an integer/);
    await refused(["keystore", "list", "--json", '{"skip":4294967296}'], /--json: skip is out of range: 4294967296/);
    await refused(["keystore", "list", "--json", '{"name":5}'], /--json: name must be a string, got 5/);
    await refused(["keystore", "list", "--json", '{"blocked":"true"}'], /--json: blocked must be true or false/);
    await refused(["hyokkey", "create", "--custom-key-store-id", "x", "--key-users", "a", "--json", '{"key_admins":"a,b"}'], /--json: key_admins must be a JSON array/);
    await refused(["hyokkey", "create", "--custom-key-store-id", "x", "--tags", '{"TagKey":"a"}'], /aws_param\.Tags must be a JSON array/);
    await refused(["keystore", "list", "--output", "yaml"], /--output is json or table/);
    await refused(["keystore", "list", "--timeout", "0"], /--timeout takes seconds/);
    await refused(["keystore", "list", "--timeout", "abc"], /--timeout takes seconds/);
  });

  it("required fields are asked for, in flags or in --json", async () => {
    await refused(["keystore", "create", "--region", "us-east-1"], /^xks-proxy: --name is required \(unique name, 1\.\.128 characters\)/);
    await refused(["keystore", "get"], /--id is required/);
    await refused(["hyokkey", "create"], /^xks-proxy: --custom-key-store-id is required \(the key store the key belongs to\)/);
    await refused(["keystore", "create", "--json", '{"region":"us-east-1","name":""}'], /--name is required/);
  });
});

describe("admin CLI against the daemon", () => {
  it("creates with the seed's short flags and the proto's dotted ones, --json underneath", async () => {
    const r = await cli(
      ["admin", "keystore", "create", "--name", "cli-a", "--kms", "111122223333", "--region", "eu-west-1", "--rate-limit-rps", "50", "--local-hosted-params.rate-limit.burst", "70", "--max-credentials", "3", "--json", '{"enable_success_audit_event":true,"name":"overridden"}'],
      auth,
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const ks = JSON.parse(r.out);
    expect(ks).toMatchObject({ name: "cli-a", region: "eu-west-1", enable_success_audit_event: true });
    expect(ks.local_hosted_params).toMatchObject({ max_credentials: 3, rate_limit: { requests_per_second: 50, burst: 70 } });

    const list = await cli(["admin", "keystore", "list", "--name", "cli-a", "--output", "table"], auth);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^ID\s+NAME\s+REGION/);
    expect(list.out).toContain("(1 of 1, skip 0)");
    const hc = await cli(["admin", "keystore", "health", "--id", ks.id], auth);
    expect(hc.code, hc.err).toBe(0);
    expect(JSON.parse(hc.out).id).toBe(ks.id);
  });

  it("the daemon down: one line naming the address, exit 1", async () => {
    const port = await freePort();
    const r = await cli(["admin", "keystore", "list", "--address", `127.0.0.1:${port}`], { XKS_ADMIN_TOKEN: "t" });
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toBe(`xks-proxy: cannot reach the admin API at 127.0.0.1:${port} — is the daemon running?\n`);
    const dflt = await cli(["admin", "keystore", "list"], { XKS_ADMIN_TOKEN: "t", XKS_ADMIN_ADDRESS: `127.0.0.1:${port}` });
    expect(dflt.err).toBe(`xks-proxy: cannot reach the admin API at 127.0.0.1:${port} — is the daemon running?\n`);
  });

  it("a port that accepts but never speaks gRPC: the deadline, named, exit 1", async () => {
    const held: Socket[] = [];
    const silent = createServer((c) => void held.push(c));
    const port = await new Promise<number>((resolve) => silent.listen(0, "127.0.0.1", () => resolve((silent.address() as AddressInfo).port)));
    try {
      const r = await cli(["admin", "keystore", "list", "--address", `127.0.0.1:${port}`, "--timeout", "1"], { XKS_ADMIN_TOKEN: "t" });
      expect(r.code).toBe(1);
      expect(r.err).toBe(`xks-proxy: cannot reach the admin API at 127.0.0.1:${port} within 1 s (--timeout) — is the daemon running?\n`);
    } finally {
      held.forEach((c) => c.destroy());
      silent.close();
    }
  });

  it("a refused token says so and where it was read from, never the token", async () => {
    const file = join(tmp, "wrong.token");
    writeFileSync(file, "wrong-token-0123456789abcdef\n", { mode: 0o600 });
    const r = await cli(["admin", "keystore", "list", "--token-file", file, "--address", address]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^xks-proxy: the admin API refused the token read from --token-file ${file} \\(UNAUTHENTICATED: .*\\)\\n$`));
    expect(r.err).not.toContain("wrong-token");
    const env = await cli(["admin", "keystore", "list"], { XKS_ADMIN_TOKEN: "another-wrong-token-0123", XKS_ADMIN_ADDRESS: address });
    expect(env.code).toBe(1);
    expect(env.err).toMatch(/^xks-proxy: the admin API refused the token read from the environment variable XKS_ADMIN_TOKEN \(UNAUTHENTICATED/);
    expect(env.err).not.toContain("another-wrong-token");
    const empty = join(tmp, "empty.token");
    writeFileSync(empty, "", { mode: 0o600 });
    const e = await cli(["admin", "keystore", "list", "--token-file", empty, "--address", address]);
    expect(e.code).toBe(2);
    expect(e.err).toBe(`xks-proxy: the token file ${empty} is empty\n`);
  });

  it("other gRPC errors: xks-proxy: <CODE>: <message>", async () => {
    const r = await cli(["admin", "keystore", "get", "--id", "00000000-0000-4000-8000-000000000000"], auth);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^xks-proxy: NOT_FOUND: key store .*\n$/);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });
});

// ---------- the command tree is the proto ----------

/** Every scalar/repeated/map field path of a message, singular message fields expanded (independent of the CLI code). */
function leafPaths(t: protobuf.Type, prefix: string[] = [], seen = new Set<string>([t.fullName])): string[] {
  return t.fieldsArray.flatMap((f) => {
    const sub = f.resolvedType;
    if (sub instanceof protobuf.Type && !f.repeated && !f.map && !seen.has(sub.fullName)) return leafPaths(sub, [...prefix, f.name], new Set([...seen, sub.fullName]));
    return [[...prefix, f.name].join(".")];
  });
}

function loadProto(path: string): protobuf.Root {
  const root = new protobuf.Root();
  root.loadSync(path, { keepCase: true });
  root.resolveAll();
  return root;
}

/** Asserts: every RPC of every service of the proto is a verb whose flags reach every request field. */
function expectEveryFieldReachable(protoPath: string): number {
  const root = loadProto(protoPath);
  const s = adminSchema(protoPath);
  let fields = 0;
  for (const svc of (root.lookup("xks.admin.v1") as protobuf.Namespace).nestedArray) {
    if (!(svc instanceof protobuf.Service)) continue;
    const noun = s.nouns.get(NOUN_NAMES[svc.name] ?? svc.name.replace(/Service$/, "").toLowerCase());
    expect(noun, svc.name).toBeDefined();
    for (const m of svc.methodsArray) {
      const verb = [...noun!.verbs.values()].find((v) => v.rpc?.method === m.name);
      expect(verb, `${svc.name}.${m.name}`).toBeDefined();
      const paths = new Set(verb!.flags.map((f) => f.path.join(".")));
      for (const p of leafPaths(m.resolvedRequestType ?? root.lookupType(m.requestType))) {
        expect(paths.has(p), `${svc.name}.${m.name}: ${p} has a flag`).toBe(true);
        fields++;
      }
    }
  }
  return fields;
}

describe("the command tree comes from the proto", () => {
  it("every request field of every RPC is reachable by a flag", () => {
    expect(expectEveryFieldReachable(ADMIN_PROTO_PATH)).toBeGreaterThan(100);
  });

  it("the seed's flag names still mean what they meant", () => {
    // [noun, verb, flag, field path] as the hand-written flag table of the seed had them
    const legacy: [string, string, string, string][] = [
      ["keystore", "create", "partition-id", "local_hosted_params.partition_id"],
      ["keystore", "create", "source-key-tier", "local_hosted_params.source_key_tier"],
      ["keystore", "create", "blocked", "local_hosted_params.blocked"],
      ["keystore", "create", "linked-state", "linked_state"],
      ["keystore", "create", "rate-limit-rps", "local_hosted_params.rate_limit.requests_per_second"],
      ["keystore", "create", "rate-limit-burst", "local_hosted_params.rate_limit.burst"],
      ["keystore", "create", "xks-proxy-uri-path", "aws_param.xks_proxy_uri_path"],
      ["keystore", "update", "max-credentials", "local_hosted_params.max_credentials"],
      ["keystore", "update", "health-check-key-id", "local_hosted_params.health_check_key_id"],
      ["keystore", "update", "xks-proxy-vpc-endpoint-service-name", "aws_param.xks_proxy_vpc_endpoint_service_name"],
      ["keystore", "health", "id", "id"],
      ["credential", "get", "custom-key-store-id", "custom_key_store_id"],
      ["sourcekey", "update", "enabled", "enabled"],
      ["virtualkey", "versions", "source-key-id", "source_key_id"],
      ["hyokkey", "create", "custom-key-store-id", "local_hosted_params.custom_key_store_id"],
      ["hyokkey", "create", "source-key-id", "local_hosted_params.source_key_id"],
      ["hyokkey", "create", "virtual-key-id", "local_hosted_params.virtual_key_id"],
      ["hyokkey", "create", "alias", "aws_param.Alias"],
      ["hyokkey", "create", "policy", "aws_param.Policy"],
      ["hyokkey", "create", "key-users-roles", "key_users_roles"],
      ["hyokkey", "versions", "partition-label", "partition_label"],
      ["audit", "list", "key-store-id", "key_store_id"],
    ];
    for (const [n, v, flag, path] of legacy) {
      const verb = findVerb(schema().nouns.get(n)!, v);
      const f = verb?.flags.find((x) => x.name === flag || x.aliases.includes(flag));
      expect(f?.path.join("."), `${n} ${v} --${flag}`).toBe(path);
    }
  });

  it("a new field, RPC and service in the .proto work with no CLI change (help, flags, checks, call, stream)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "xks-proto-"));
    const protoPath = join(dir, "xks_admin.proto");
    const extra = `
// widgets, a resource that does not exist yet
service WidgetService {
  // make a widget
  rpc Make(MakeWidgetRequest) returns (Widget);
  // watch widgets
  rpc Watch(MakeWidgetRequest) returns (stream Widget);
}
enum Shape {
  SHAPE_UNSPECIFIED = 0;
  ROUND = 1;
  SQUARE = 2;
}
message WidgetSize {
  // edge length in mm
  uint32 edge_mm = 1;
}
message MakeWidgetRequest {
  // required: the widget's name
  string widget_name = 1;
  Shape shape = 2;
  WidgetSize size = 3;
  repeated int32 lucky_numbers = 4;
  double weight = 5;
}
message Widget {
  string id = 1;
  string widget_name = 2;
  Shape shape = 3;
  uint32 edge_mm = 4;
  repeated int32 lucky_numbers = 5;
  double weight = 6;
}
`;
    const base = readFileSync(ADMIN_PROTO_PATH, "utf8").replace("message ListKeyStoresRequest {", "message ListKeyStoresRequest {\n  // only stores with this colour\n  string colour = 40;");
    writeFileSync(protoPath, base + extra);
    try {
      expectEveryFieldReachable(protoPath);
      const out: string[] = [];
      const errs: string[] = [];
      const io = { out: (t: string) => void out.push(t), err: (t: string) => void errs.push(t) };
      const opts = { protoPath, commands: [] };
      expect(await runAdmin(["keystore", "list", "--help"], io, opts)).toBe(0);
      expect(out.join("")).toMatch(/--colour <string>\n\s+only stores with this colour/);
      out.length = 0;
      expect(await runAdmin(["widget", "make", "--help"], io, opts)).toBe(0);
      const help = out.join("");
      expect(help).toContain("make a widget");
      expect(help).toMatch(/--widget-name <string>\n\s+the widget's name \(required\)/);
      expect(help).toContain("--shape <SHAPE_UNSPECIFIED|ROUND|SQUARE>");
      expect(help).toMatch(/--edge-mm, --size\.edge-mm <uint32 0\.\.4294967295>\n\s+edge length in mm/);
      expect(help).toContain("--lucky-numbers <list of int32 -2147483648..2147483647>");

      const refuse = async (args: string[], msg: RegExp) => {
        errs.length = 0;
        expect(await runAdmin(args, io, opts)).toBe(2);
        expect(errs.join("")).toMatch(msg);
      };
      await refuse(["widget", "make", "--widget-name", "w", "--shape", "TRIANGLE"], /--shape is one of SHAPE_UNSPECIFIED, ROUND, SQUARE; got "TRIANGLE"/);
      await refuse(["widget", "make", "--widget-name", "w", "--edge-mm", "-1"], /--edge-mm is out of range: -1 \(uint32: 0\.\.4294967295\)/);
      await refuse(["widget", "make", "--widget-name", "w", "--weight", "heavy"], /--weight takes a number/);
      await refuse(["widget", "make", "--json", '{"widget_name":"w","size":{"edge":1}}'], /unknown field "edge" in size \(WidgetSize\); did you mean "edge_mm"\?/);
      await refuse(["widget", "make", "--json", '{"widget_name":"w","shape":"OVAL"}'], /shape must be one of SHAPE_UNSPECIFIED, ROUND, SQUARE/);
      await refuse(["widget", "make", "--shape", "ROUND"], /--widget-name is required/);

      // a server for the new service: the CLI calls it with nothing but the .proto
      const received: unknown[] = [];
      const pkg = grpc.loadPackageDefinition(protoLoader.loadSync(protoPath, ADMIN_PROTO_OPTIONS)) as unknown as { xks: { admin: { v1: { WidgetService: grpc.ServiceClientConstructor } } } };
      const server = new grpc.Server();
      const widget = (req: Record<string, unknown>, i: number) => ({ id: `w${i}`, widget_name: req.widget_name, shape: req.shape, edge_mm: (req.size as { edge_mm: number } | null)?.edge_mm ?? 0, lucky_numbers: req.lucky_numbers, weight: req.weight });
      server.addService(pkg.xks.admin.v1.WidgetService.service, {
        Make: (call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>, cb: grpc.sendUnaryData<unknown>) => {
          received.push(call.request);
          cb(call.metadata.get("authorization")[0] === "Bearer widget-token" ? null : { code: grpc.status.UNAUTHENTICATED, details: "bad token" }, widget(call.request, 1));
        },
        Watch: (call: grpc.ServerWritableStream<Record<string, unknown>, unknown>) => {
          for (let i = 1; i <= 3; i++) call.write(widget(call.request, i));
          call.end();
        },
      });
      const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
      try {
        process.env["XKS_ADMIN_TOKEN"] = "widget-token";
        const call = ["--address", `127.0.0.1:${port}`, "--widget-name", "w1", "--shape", "SQUARE", "--edge-mm", "4000000000", "--lucky-numbers", "7,-3", "--lucky-numbers", "11", "--weight", "2.5"];
        out.length = 0;
        errs.length = 0;
        expect(await runAdmin(["widget", "make", ...call], io, opts)).toBe(0);
        expect(errs.join("")).toBe("");
        expect(received[0]).toMatchObject({ widget_name: "w1", shape: "SQUARE", size: { edge_mm: 4000000000 }, lucky_numbers: [7, -3, 11], weight: 2.5 });
        expect(JSON.parse(out.join(""))).toMatchObject({ id: "w1", widget_name: "w1", shape: "SQUARE", edge_mm: 4000000000 });
        out.length = 0;
        expect(await runAdmin(["widget", "watch", ...call], io, opts)).toBe(0);
        expect(out.join("").trim().split("\n").map((l) => JSON.parse(l).id)).toEqual(["w1", "w2", "w3"]);
        process.env["XKS_ADMIN_TOKEN"] = "not-the-token";
        errs.length = 0;
        expect(await runAdmin(["widget", "make", ...call], io, opts)).toBe(1);
        expect(errs.join("")).toBe("xks-proxy: the admin API refused the token read from the environment variable XKS_ADMIN_TOKEN (UNAUTHENTICATED: bad token)\n");
      } finally {
        delete process.env["XKS_ADMIN_TOKEN"];
        server.forceShutdown();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("custom commands", () => {
  const count: CustomCommand = {
    noun: "keystore",
    verb: "count",
    summary: "count key stores whose name matches",
    flags: [
      { name: "name", kind: "string", help: "name to match", required: true },
      { name: "at-least", kind: "int", help: "fail (exit 3) below this many", min: 0, max: 1000 },
    ],
    async run(ctx) {
      const res = (await ctx.call("KeyStoreService", "List", { name: ctx.values["name"] })) as { total: number };
      ctx.io.out(`${res.total}\n`);
      return res.total >= ((ctx.values["at-least"] as number | undefined) ?? 0) ? 0 : 3;
    },
  };
  const run = async (args: string[]) => {
    let out = "";
    let err = "";
    const code = await runAdmin(args, { out: (t) => (out += t), err: (t) => (err += t) }, { commands: [count] });
    return { code, out, err };
  };

  it("is listed, has help, has its flags checked and calls the daemon through the same channel", async () => {
    expect((await run(["keystore", "--help"])).out).toContain("count key stores whose name matches");
    const help = await run(["keystore", "count", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--name <string>\n\s+name to match \(required\)/);
    expect(help.out).toContain("--at-least <int 0..1000>");
    expect(help.out).not.toContain("--json");
    expect((await run(["keystore", "count", "--name", "x", "--at-least", "1001"])).err).toMatch(/--at-least is out of range/);
    expect((await run(["keystore", "count", "--name", "x", "--json", "{}"])).err).toMatch(/unknown flag --json/);
    expect((await run(["keystore", "count"])).err).toMatch(/--name is required/);

    process.env["XKS_ADMIN_TOKEN"] = d.daemon.adminToken;
    try {
      await cli(["admin", "keystore", "create", "--name", "counted", "--kms", "111122223333", "--region", "us-east-1"], auth);
      const ok = await run(["keystore", "count", "--address", address, "--name", "counted"]);
      expect(ok).toMatchObject({ code: 0, out: "1\n", err: "" });
      expect((await run(["keystore", "count", "--address", address, "--name", "counted", "--at-least", "2"])).code).toBe(3);
      const down = await run(["keystore", "count", "--address", `127.0.0.1:${await freePort()}`, "--name", "counted"]);
      expect(down.code).toBe(1);
      expect(down.err).toMatch(/cannot reach the admin API/);
    } finally {
      delete process.env["XKS_ADMIN_TOKEN"];
    }
  });
});
