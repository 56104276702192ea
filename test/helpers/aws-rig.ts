/**
 * What the AWS suites stand on: a test daemon, the KMS emulator (one account, one region, the
 * proxy reachable over plain HTTP), an SDK client signed as that account, and the CLI's admin
 * environment; optionally the daemon's AWS connection "emulator" to it.
 */
import { DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { randomBytes } from "node:crypto";
import { startKmsEmulator, type KmsEmulator } from "../../tools/kms-emulator/server.js";
import { startTestDaemon, type TestDaemon, type TestDaemonOptions } from "./daemon.js";

export interface AwsRig {
  t: TestDaemon;
  emu: KmsEmulator;
  aws: KMSClient;
  /** the daemon's data plane, as AWS reaches it */
  proxyEndpoint: string;
  /** XKS_ADMIN_TOKEN and XKS_ADMIN_ADDRESS for the CLI */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function startAwsRig(o: {
  account: string;
  cred: { accessKeyId: string; secretAccessKey: string };
  region?: string;
  daemon?: TestDaemonOptions;
  /** create the AWS connection "emulator" (the account, the region, the key, the emulator's endpoint) */
  connection?: boolean;
}): Promise<AwsRig> {
  const region = o.region ?? "us-east-1";
  const t = await startTestDaemon(o.daemon);
  const emu = await startKmsEmulator({ credentials: [{ ...o.cred, accountId: o.account }], region, allowHttpProxy: true, proxyTimeoutMs: 2000 });
  const aws = new KMSClient({ endpoint: emu.endpoint, region, credentials: o.cred, maxAttempts: 1 });
  if (o.connection) {
    await t.admin.kms("Create", { name: "emulator", account_id: o.account, regions: [region], access_key_id: o.cred.accessKeyId, secret_access_key: o.cred.secretAccessKey, endpoint: emu.endpoint });
  }
  return {
    t,
    emu,
    aws,
    proxyEndpoint: `http://127.0.0.1:${t.daemon.xksPort}`,
    env: { XKS_ADMIN_TOKEN: t.daemon.adminToken, XKS_ADMIN_ADDRESS: `127.0.0.1:${t.daemon.adminPort}` },
    async stop() {
      aws.destroy();
      await emu.close();
      await t.stop();
    },
  };
}

/**
 * Two loops of Encrypt then Decrypt of random plaintexts through AWS KMS (the emulator, which calls
 * the proxy) until stopped: the successful round trips and every failure, by name and message.
 */
export function roundTrips(aws: KMSClient, keyId: string, bytes: number): { stop(): Promise<{ ok: number; failures: string[] }> } {
  let stopped = false;
  let ok = 0;
  const failures: string[] = [];
  const loop = async () => {
    while (!stopped) {
      try {
        const pt = randomBytes(bytes);
        const ct = await aws.send(new EncryptCommand({ KeyId: keyId, Plaintext: pt }));
        const back = await aws.send(new DecryptCommand({ CiphertextBlob: ct.CiphertextBlob }));
        if (Buffer.from(back.Plaintext!).equals(pt)) ok++;
        else failures.push("plaintext mismatch");
      } catch (e) {
        failures.push(`${(e as Error).name}: ${(e as Error).message}`);
      }
    }
  };
  const loops = [loop(), loop()];
  return {
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return { ok, failures };
    },
  };
}
