/**
 * What a benchmark has to undo — processes, sockets, temporary directories — run newest first,
 * once, whether the run finished, failed or was interrupted.
 */
export class Cleanup {
  readonly #steps: Array<{ label: string; run: () => unknown }> = [];
  #running: Promise<boolean> | undefined;
  /** Set once a signal started the cleanup: what fails after that is its consequence. */
  interrupted = false;

  constructor(private readonly log: (line: string) => void) {}

  /** Registers a step; the returned function runs it now (once) and forgets it. */
  add(label: string, run: () => unknown): () => Promise<void> {
    const step = { label, run };
    this.#steps.push(step);
    return async () => {
      const index = this.#steps.indexOf(step);
      if (index === -1) return;
      this.#steps.splice(index, 1);
      await run();
    };
  }

  /**
   * Registers how to stop what `starting` starts before awaiting it, so an interrupt in the middle
   * of a start waits for it and stops it too.
   */
  async start<T>(
    label: string,
    starting: Promise<T>,
    stop: (value: T) => unknown,
  ): Promise<{ value: T; release: () => Promise<void> }> {
    const release = this.add(label, async () => {
      const started = await starting.then(
        (value) => ({ value }),
        () => undefined,
      );
      if (started) await stop(started.value);
    });
    return { value: await starting, release };
  }

  /** Runs every remaining step; resolves false when one failed (the others still run). */
  run(): Promise<boolean> {
    this.#running ??= (async () => {
      let ok = true;
      for (const step of this.#steps.splice(0).reverse()) {
        try {
          await step.run();
        } catch (error) {
          ok = false;
          this.log(`cleanup: ${step.label} failed: ${(error as Error).message}`);
        }
      }
      return ok;
    })();
    return this.#running;
  }

  /** On SIGINT / SIGTERM: clean up, then exit with the signal's conventional code. */
  exitOnSignals(): void {
    for (const [signal, code] of [
      ["SIGINT", 130],
      ["SIGTERM", 143],
    ] as const) {
      process.once(signal, () => {
        this.interrupted = true;
        this.log(`${signal}: cleaning up`);
        void this.run().finally(() => process.exit(code));
      });
    }
  }
}
