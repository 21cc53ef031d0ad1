import type { LiveQuizStore } from "./live-quiz.store";

/** How often every node looks for due work that the node which booked it did not do. */
const SWEEP_INTERVAL_MS = 1_000;
const SWEEP_BATCH = 50;

/**
 * Runs the live quiz's due work (see `liveQuizKeys.due`) on time: a timer on the node that booked
 * it, and a sweep on every node for work whose node died first. Doing it twice is harmless — each
 * piece of work is an atomic transition or idempotent — so the clock only has to do it at least once.
 */
export class LiveQuizClock {
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #sweep: ReturnType<typeof setInterval> | undefined;
  #sweeping = false;
  #closed = false;

  private constructor(
    private readonly store: LiveQuizStore,
    private readonly run: (entry: string) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  static create(parts: {
    store: LiveQuizStore;
    run: (entry: string) => Promise<void>;
    onError: (error: unknown) => void;
  }): LiveQuizClock {
    const clock = new LiveQuizClock(parts.store, parts.run, parts.onError);
    clock.#sweep = setInterval(() => void clock.#sweepDue(), SWEEP_INTERVAL_MS);
    clock.#sweep.unref();
    return clock;
  }

  /** Runs `entry` in `delayMs` on this node. */
  after(delayMs: number, entry: string): void {
    if (this.#closed) return;
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        this.run(entry).catch(this.onError);
      },
      Math.max(0, delayMs),
    );
    this.#timers.add(timer);
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#sweep);
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  async #sweepDue(): Promise<void> {
    if (this.#sweeping || this.#closed) return;
    this.#sweeping = true;
    try {
      const entries = await this.store.due(await this.store.now(), SWEEP_BATCH);
      for (const entry of entries) if (!this.#closed) await this.run(entry);
    } catch (error) {
      this.onError(error);
    } finally {
      this.#sweeping = false;
    }
  }
}
