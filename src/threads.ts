import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { Worker } from "node:worker_threads";

/**
 * Starts a worker thread running the module `name` (without extension) next to `baseUrl`.
 * Compiled (dist/*.js) runs the .js file directly. Under vitest/tsx the sources are .ts: Node 20
 * does not apply `--import tsx` from a worker's execArgv, so a tiny eval'd bootstrap loads the
 * .ts file through tsx's programmatic API (which resolves its ./x.js imports to .ts files).
 */
export function spawnModuleWorker(baseUrl: string, name: string, workerData: unknown): Worker {
  if (baseUrl.endsWith(".js")) return new Worker(new URL(`./${name}.js`, baseUrl), { workerData });
  const file = new URL(`./${name}.ts`, baseUrl).href;
  const boot =
    `import("tsx/esm/api").then((api) => api.tsImport(${JSON.stringify(file)}, ${JSON.stringify(baseUrl)}))` +
    `.catch((e) => { process.nextTick(() => { throw e; }); });`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * Sets the calling thread's nice value. Linux nice values are per thread, and os.setPriority takes
 * a thread id, which /proc/thread-self names. Throws where that is impossible (not Linux) or not
 * permitted (a value below the current one needs root or CAP_SYS_NICE).
 */
export function setThreadNice(nice: number): void {
  const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
  if (!Number.isInteger(tid) || tid <= 0) throw new Error("this thread's id is unknown");
  setPriority(tid, nice);
}
