/** The committed generated admin types are exactly what `npm run gen:proto` makes from the .proto. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ADMIN_PROTO_OPTIONS } from "../src/admin/proto.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const GENERATED = "src/admin/generated";
const tmp = mkdtempSync(join(tmpdir(), "xks-gen-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return out;
}

/** The generator command of the gen:proto script, split into words (the script has no quoting). */
function genCommand(): string[] {
  const script = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts["gen:proto"];
  expect(script, "package.json has a gen:proto script").toBeTruthy();
  const parts = script!.split("&&").map((s) => s.trim());
  expect(parts[0], "gen:proto first removes stale files").toBe(`rm -rf ${GENERATED}`);
  const words = parts[1]!.split(/\s+/);
  expect(words[0]).toBe("proto-loader-gen-types");
  return words.slice(1);
}

describe("generated admin types", () => {
  it("gen:proto decodes as src/admin/proto.ts does (same proto-loader options)", () => {
    const args = genCommand();
    for (const [k, v] of Object.entries(ADMIN_PROTO_OPTIONS)) {
      if (v === true) expect(args, k).toContain(`--${k}`);
      else expect(args, k).toContain(`--${k}=${(v as { name: string }).name}`);
    }
    expect(args).toContain(`--outDir=${GENERATED}`);
  });

  it("the committed files equal a fresh generation (run `npm run gen:proto` after editing the .proto)", () => {
    const args = genCommand().map((a) => (a.startsWith("--outDir=") ? `--outDir=${tmp}` : a));
    execFileSync(join(ROOT, "node_modules/.bin/proto-loader-gen-types"), args, { cwd: ROOT, stdio: "pipe" });
    const fresh = files(tmp);
    const committed = files(join(ROOT, GENERATED));
    expect(fresh.size).toBeGreaterThan(10);
    expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [name, text] of fresh) expect(committed.get(name), name).toBe(text);
  });
});
