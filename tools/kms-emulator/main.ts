/**
 * `npm run kms-emulator`: an AWS KMS emulator on loopback for local trials of linking key stores.
 * Credentials come from the environment (never from the command line, which `ps` shows).
 */
import { parseArgs } from "node:util";
import { startKmsEmulator } from "./server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4599" },
    host: { type: "string", default: "127.0.0.1" },
    region: { type: "string", default: "us-east-1" },
    account: { type: "string", default: "111122223333" },
    "proxy-timeout-ms": { type: "string", default: "250" },
    "allow-http-proxy": { type: "boolean", default: false },
    // an IAM role the emulator's STS lets the credential assume: <role-arn>[#<external-id>]
    role: { type: "string", multiple: true, default: [] },
  },
  strict: true,
});

function fail(message: string): never {
  process.stderr.write(`kms-emulator: ${message}\n`);
  process.exit(2);
}

const accessKeyId = process.env.KMS_EMULATOR_ACCESS_KEY_ID;
const secretAccessKey = process.env.KMS_EMULATOR_SECRET_ACCESS_KEY;
if (!accessKeyId || !secretAccessKey) fail("set KMS_EMULATOR_ACCESS_KEY_ID and KMS_EMULATOR_SECRET_ACCESS_KEY: the credential AWS clients sign with");
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port ${values.port} is not a port number`);
const timeout = Number(values["proxy-timeout-ms"]);
if (!Number.isInteger(timeout) || timeout < 1) fail(`--proxy-timeout-ms ${values["proxy-timeout-ms"]} is not a positive integer`);
if (!/^\d{12}$/.test(values.account!)) fail(`--account ${values.account} is not a 12-digit AWS account id`);

const roles = values.role!.map((spec) => {
  const [roleArn, externalId, extra] = spec.split("#");
  if (!roleArn || extra !== undefined || externalId === "") fail(`--role ${spec}: expected <role-arn>[#<external-id>]`);
  return { roleArn, ...(externalId !== undefined ? { externalId } : {}) };
});

const emulator = await startKmsEmulator({
  roles,
  host: values.host!,
  port,
  region: values.region!,
  proxyTimeoutMs: timeout,
  allowHttpProxy: values["allow-http-proxy"]!,
  credentials: [{ accessKeyId, secretAccessKey, accountId: values.account! }],
}).catch((e: Error) => fail(e.message));
process.stdout.write(`${JSON.stringify({ msg: "kms-emulator listening", endpoint: emulator.endpoint, region: values.region, account: values.account, accessKeyId, roles: roles.map((r) => r.roleArn) })}\n`);
const stop = () => void emulator.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
