import type { types } from "mediasoup";
import { ROUTER_MEDIA_CODECS } from "./codecs";

/**
 * One router of a live class, on one worker. A class starts with one and gets another when all of
 * them hold their consumer budget; a producer is piped into every other router of the class that
 * consumes it.
 */
export class ClassRouter {
  readonly router: types.Router;
  /** The worker process it lives in: when that process dies, the class is reset. */
  readonly workerPid: number;
  /** Producers of other routers made consumable here, by producer id (a pipe producer keeps the id). */
  readonly #piped = new Map<string, Promise<void>>();

  private constructor(router: types.Router, workerPid: number) {
    this.router = router;
    this.workerPid = workerPid;
  }

  static async create(worker: types.Worker): Promise<ClassRouter> {
    return new ClassRouter(await worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS }), worker.pid);
  }

  get closed(): boolean {
    return this.router.closed;
  }

  /**
   * Makes `producerId`, which lives on `from`, consumable on this router. Pipes are created once
   * and forgotten when their pipe producer closes, which mediasoup does when the producer closes.
   */
  pipeFrom(from: ClassRouter, producerId: string): Promise<void> {
    if (from === this) return Promise.resolve();
    let piping = this.#piped.get(producerId);
    if (!piping) {
      piping = from.router.pipeToRouter({ producerId, router: this.router }).then(({ pipeProducer }) => {
        if (!pipeProducer || pipeProducer.closed) this.#piped.delete(producerId);
        else pipeProducer.observer.once("close", () => this.#piped.delete(producerId));
      });
      piping.catch(() => this.#piped.delete(producerId));
      this.#piped.set(producerId, piping);
    }
    return piping;
  }

  close(): void {
    this.router.close();
  }
}
