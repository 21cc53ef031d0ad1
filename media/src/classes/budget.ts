import { MediaRequestError } from "../errors";

/**
 * A count of something scarce (WebRTC transports, and with them ports) that a class or the whole
 * node may hold at once. A unit is taken before the worker is asked for the thing, so requests
 * racing past the limit are refused up front, and given back when the thing closes or fails.
 */
export class Budget {
  #used = 0;

  constructor(
    readonly limit: number,
    readonly what: string,
  ) {}

  get used(): number {
    return this.#used;
  }

  /** Takes one unit or throws `limit_reached`; the returned function gives it back (once). */
  take(): () => void {
    if (this.#used >= this.limit) throw new MediaRequestError("limit_reached", `${this.what}: at most ${this.limit}`);
    this.#used++;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.#used--;
    };
  }
}

/** Takes one unit of each budget, or none of them. */
export function takeAll(budgets: readonly Budget[]): () => void {
  const releases: Array<() => void> = [];
  try {
    for (const budget of budgets) releases.push(budget.take());
  } catch (error) {
    for (const release of releases) release();
    throw error;
  }
  return () => {
    for (const release of releases) release();
  };
}
