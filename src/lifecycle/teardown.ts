/**
 * What has been started, to be stopped in reverse order: on a clean stop, and on a start that
 * fails half-way (a data-plane thread still running when the process exits aborts it natively, so
 * every started part is stopped before the start failure is reported).
 */
export class Teardown {
  readonly #steps: { name: string; run: () => unknown }[] = [];

  add(name: string, run: () => unknown): void {
    this.#steps.push({ name, run });
  }

  /** Runs every step, last added first; a step that fails is reported and the rest still run. */
  async unwind(onError: (name: string, e: Error) => void): Promise<void> {
    for (let s = this.#steps.pop(); s; s = this.#steps.pop()) {
      try {
        await s.run();
      } catch (e) {
        onError(s.name, e instanceof Error ? e : new Error(String(e)));
      }
    }
  }
}
