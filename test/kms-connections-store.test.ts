/**
 * AWS connections in the store (store/kmsConnections.ts, migration 8) on both engines: a real
 * SQLite file and a real private PostgreSQL cluster. Secrets sealed under "kms-connection:<id>",
 * the database's own checks, lookups by name or id, and the link columns of key stores.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSealer } from "../src/crypto/local/sealer.js";
import { openStore, openStoreOn, type Store } from "../src/store/index.js";
import { POSTGRES_MIGRATIONS } from "../src/store/migrations/postgres.js";
import { openPostgres } from "../src/store/postgres/engine.js";
import { usePgCluster } from "./helpers/postgres.js";
import { newKeyStore } from "./helpers/store-rows.js";

const cluster = usePgCluster();
const sealer = createSealer(randomBytes(32));
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const STATIC = { name: "prod", accountId: "111122223333", regions: ["us-east-1"], authType: "static" as const, accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: SECRET, endpoint: "" };

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "xks-kmsconn-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const engines: [string, () => Promise<Store>][] = [
  ["sqlite", () => openStore(join(scratch, `s-${randomBytes(4).toString("hex")}.db`))],
  [
    "postgres",
    async () => {
      const url = await cluster().createDatabase(`kmsconn_${randomBytes(4).toString("hex")}`);
      return openStoreOn(await openPostgres({ url, env: { PGPASSWORD: cluster().password } }), POSTGRES_MIGRATIONS);
    },
  ],
];

for (const [engine, open] of engines) {
  describe(`kms connections on ${engine}`, () => {
    let s: Store;
    beforeAll(async () => {
      s = await open();
    });
    afterAll(async () => {
      await s?.close();
    });

    it("seals a static secret under its own context, resolves by name or id, and never lists the secret", async () => {
      const c = await s.kmsConnections.create(STATIC, sealer);
      expect(c).toMatchObject({ name: "prod", accountId: "111122223333", regions: ["us-east-1"], authType: "static", accessKeyId: STATIC.accessKeyId });
      expect(JSON.stringify(c)).not.toContain(SECRET);
      expect(await s.kmsConnections.secret(c.id, sealer)).toBe(SECRET);
      const raw = await s.sql.get<{ secret: Buffer }>("SELECT secret FROM kms_connections WHERE id = ?", [c.id]);
      expect(raw!.secret.includes(Buffer.from(SECRET))).toBe(false);
      // a sealed secret moved to another row does not open there
      const other = await s.kmsConnections.create({ ...STATIC, name: "other" }, sealer);
      await s.sql.run("UPDATE kms_connections SET secret = ? WHERE id = ?", [raw!.secret, other.id]);
      await expect(s.kmsConnections.secret(other.id, sealer)).rejects.toThrow();
      await s.kmsConnections.delete(other.id);

      expect((await s.kmsConnections.resolve("prod")).id).toBe(c.id);
      expect((await s.kmsConnections.resolve(c.id)).name).toBe("prod");
      await expect(s.kmsConnections.resolve("nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(s.kmsConnections.create(STATIC, sealer)).rejects.toMatchObject({ code: "ALREADY_EXISTS" });
      expect((await s.kmsConnections.list({ accountId: "111122223333" }, {})).resources.map((x) => x.name)).toEqual(["prod"]);
    });

    it("switches between a static key and the default chain, dropping or requiring the secret", async () => {
      const c = await s.kmsConnections.create({ ...STATIC, name: "switch" }, sealer);
      const chain = await s.kmsConnections.update(c.id, { authType: "default-chain" }, sealer);
      expect(chain).toMatchObject({ authType: "default-chain", accessKeyId: "" });
      expect(await s.kmsConnections.secret(c.id, sealer)).toBeUndefined();
      await expect(s.kmsConnections.update(c.id, { authType: "static", accessKeyId: STATIC.accessKeyId }, sealer)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
      await s.kmsConnections.update(c.id, { authType: "static", accessKeyId: STATIC.accessKeyId, secretAccessKey: "another-secret-access-key-0000000000000" }, sealer);
      expect(await s.kmsConnections.secret(c.id, sealer)).toBe("another-secret-access-key-0000000000000");
      // a rename keeps the sealed secret
      await s.kmsConnections.update(c.id, { name: "switched", regions: ["eu-west-1", "us-east-1"] }, sealer);
      expect(await s.kmsConnections.secret(c.id, sealer)).toBe("another-secret-access-key-0000000000000");
      // the database itself refuses a static row without a secret
      await expect(s.sql.run("UPDATE kms_connections SET secret = NULL WHERE id = ?", [c.id])).rejects.toThrow();
    });

    it("records a key store's link and refuses to delete a connection a store is linked through", async () => {
      const c = await s.kmsConnections.create({ ...STATIC, name: "linker" }, sealer);
      const ks = await newKeyStore(s, `linked-${engine}`);
      const linked = await s.keyStores.setAws(ks.id, { kmsConnectionId: c.id, awsCustomKeyStoreId: "cks-0123456789abcdef0", linkedState: true, connectionState: "FAILED", connectionErrorCode: "INVALID_CREDENTIALS" });
      expect(linked).toMatchObject({ kmsConnectionId: c.id, awsCustomKeyStoreId: "cks-0123456789abcdef0", linkedState: true, connectionState: "FAILED", connectionErrorCode: "INVALID_CREDENTIALS" });
      await expect(s.kmsConnections.delete(c.id)).rejects.toMatchObject({ code: "FAILED_PRECONDITION" });
      await s.keyStores.delete(ks.id);
      await s.kmsConnections.delete(c.id);
      await expect(s.kmsConnections.get(c.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    });
  });
}
