/** Strict flag parsing shared by `backup` and `restore`: an unknown flag or stray argument is an error. */
import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {}

export function parseStrict<O extends NonNullable<ParseArgsConfig["options"]>>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message.split(". ")[0]}`);
  }
}

/** Runs a command body; usage errors print the usage and give exit status 2. */
export async function withUsage(usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`xks-proxy ${e.message}\n\n${usage}`);
    return 2;
  }
}
