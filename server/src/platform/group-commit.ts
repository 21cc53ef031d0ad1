import { probe } from "./probe";

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: calls that arrive while a batch is being written wait and go together in the next
 * one, so a busy path costs one write per batch instead of one per call, and an idle one answers a
 * lone call at once. `commit` answers each item of its batch (a result or an Error for that item);
 * if it throws, every caller of that batch gets the error, and nothing else is affected.
 */
export class GroupCommit<T, R> {
  readonly #waiting: Waiting<T, R>[] = [];
  #writing = false;

  constructor(
    private readonly commit: (items: T[]) => Promise<Array<R | Error>>,
    private readonly maxBatch: number,
    /** Names the queue in the batch-size metric. */
    private readonly queue: string,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      if (this.#writing) return;
      this.#writing = true;
      // The calls of this turn of the event loop join the first batch.
      setImmediate(() => void this.#drain());
    });
  }

  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0, this.maxBatch);
      probe.batch(this.queue, batch.length);
      try {
        const results = await this.commit(batch.map((w) => w.item));
        batch.forEach((w, i) => {
          const result = results[i] as R | Error;
          if (result instanceof Error) w.reject(result);
          else w.resolve(result);
        });
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.#writing = false;
  }
}
