import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The built CLI the tests drive, as a user would (`npm test` builds dist/ first). */
export const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `xks-proxy <args>` with only PATH and `env` in its environment (nothing leaks in from the test's). */
export function runCli(args: string[], env: NodeJS.ProcessEnv, opts: { cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, cwd: opts.cwd, timeout: opts.timeoutMs ?? 30_000 }, (err, out, errText) =>
      resolve({ code: child.exitCode ?? (err ? 1 : 0), out, err: errText }),
    );
  });
}

/**
 * The error a call must fail with: a gRPC error's code and details, or an AWS SDK error's name and
 * message. A call that succeeds fails the test.
 */
export async function grpcError(p: Promise<unknown>): Promise<{ code: number; details: string; name?: string; message?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: number; details: string; name?: string; message?: string };
  }
  throw new Error("expected the call to fail");
}
