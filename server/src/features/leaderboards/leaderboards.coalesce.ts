interface KeyState {
  timer: ReturnType<typeof setTimeout> | undefined;
  running: boolean;
  dirty: boolean;
  lastRunAt: number;
}

/**
 * Runs `run(key)` for keys that were touched, at most once per `intervalMs` per key: the first
 * touch runs at once, touches during the wait or during a run are folded into one more run at the
 * end of the interval. So a burst of changes gives a handful of runs, and the last one sees the end
 * of the burst.
 */
export class Coalescer {
  readonly #keys = new Map<string, KeyState>();
  #closed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly run: (key: string) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  touch(key: string): void {
    if (this.#closed) return;
    let state = this.#keys.get(key);
    if (!state) {
      state = { timer: undefined, running: false, dirty: false, lastRunAt: Number.NEGATIVE_INFINITY };
      this.#keys.set(key, state);
    }
    state.dirty = true;
    this.#schedule(key, state);
  }

  /** Drops pending runs; a run in progress finishes. */
  close(): void {
    this.#closed = true;
    for (const state of this.#keys.values()) clearTimeout(state.timer);
    this.#keys.clear();
  }

  #schedule(key: string, state: KeyState): void {
    if (state.timer || state.running || this.#closed) return;
    const wait = Math.max(0, state.lastRunAt + this.intervalMs - this.now());
    state.timer = setTimeout(() => void this.#runNow(key, state), wait);
  }

  async #runNow(key: string, state: KeyState): Promise<void> {
    state.timer = undefined;
    if (!state.dirty) {
      // Idle for a whole interval: forget the key.
      this.#keys.delete(key);
      return;
    }
    state.dirty = false;
    state.running = true;
    state.lastRunAt = this.now();
    try {
      await this.run(key);
    } catch (error) {
      this.onError(error);
    } finally {
      state.running = false;
      // One interval after the run: run the touches made meanwhile, or forget the key.
      this.#schedule(key, state);
    }
  }
}
