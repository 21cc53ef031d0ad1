import { EventEmitter } from "node:events";
import { availableParallelism } from "node:os";
import type { types as mediasoupTypes } from "mediasoup";
import { type Logger, pino } from "pino";
import { MediaError } from "./errors";

type Worker = mediasoupTypes.Worker;
type Mediasoup = typeof import("mediasoup");

/** How the pool creates its workers. */
export interface WorkerPoolOptions {
  /** Defaults to one worker per core. */
  workerCount?: number;
  rtcMinPort: number;
  rtcMaxPort: number;
  logLevel?: mediasoupTypes.WorkerLogLevel;
  logger?: Logger;
}

/** Events of a {@link WorkerPool}. */
export interface WorkerPoolEvents {
  /** A worker process ended unexpectedly; its routers and transports are gone. */
  workerdied: [slot: number, pid: number, error: Error];
  /** A replacement worker took the slot of one that died. */
  workerreplaced: [slot: number, worker: Worker];
  closed: [];
}

const RESTART_BACKOFF_MS = [0, 1_000, 2_000, 5_000, 10_000, 30_000];

let mediasoupModule: Promise<Mediasoup> | undefined;

/**
 * mediasoup 3.8.x reads MEDIASOUP_WORKER_BIN once, when the module loads, and otherwise looks
 * inside node_modules where this project never builds the worker; so it is loaded lazily, after
 * the variable has been checked.
 */
function loadMediasoup(): Promise<Mediasoup> {
  if (!process.env.MEDIASOUP_WORKER_BIN) {
    throw new MediaError(
      "worker_binary_missing",
      'MEDIASOUP_WORKER_BIN is not set: point it at the mediasoup-worker binary ("npm run setup" builds it)',
    );
  }
  mediasoupModule ??= import("mediasoup");
  return mediasoupModule;
}

/**
 * One mediasoup worker per slot (by default one per core), handed out round-robin. A worker
 * that dies is logged and replaced in its slot; `workerdied` tells owners of its routers.
 */
export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  readonly #slots: (Worker | undefined)[];
  readonly #settings: mediasoupTypes.WorkerSettings;
  readonly #logger: Logger;
  readonly #mediasoup: Mediasoup;
  #cursor = 0;
  #closed = false;

  private constructor(mediasoup: Mediasoup, settings: mediasoupTypes.WorkerSettings, logger: Logger, size: number) {
    super();
    this.#mediasoup = mediasoup;
    this.#settings = settings;
    this.#logger = logger;
    this.#slots = new Array<Worker | undefined>(size).fill(undefined);
  }

  /** Starts every worker; fails (closing those already started) if any cannot start. */
  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    const mediasoup = await loadMediasoup();
    const size = options.workerCount ?? availableParallelism();
    const settings: mediasoupTypes.WorkerSettings = {
      rtcMinPort: options.rtcMinPort,
      rtcMaxPort: options.rtcMaxPort,
      logLevel: options.logLevel ?? "warn",
    };
    const logger = options.logger ?? pino({ name: "media" });
    const pool = new WorkerPool(mediasoup, settings, logger, size);
    try {
      await Promise.all(pool.#slots.map((_, slot) => pool.#startWorker(slot)));
    } catch (error) {
      pool.close();
      throw error;
    }
    return pool;
  }

  /** Configured number of workers. */
  get size(): number {
    return this.#slots.length;
  }

  /** Workers running now (fewer than `size` while a dead one is being replaced). */
  get workers(): readonly Worker[] {
    return this.#slots.filter((w): w is Worker => w !== undefined);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The next running worker, round-robin. */
  next(): Worker {
    if (this.#closed) throw new MediaError("pool_closed", "the worker pool is closed");
    for (let i = 0; i < this.#slots.length; i++) {
      const slot = (this.#cursor + i) % this.#slots.length;
      const worker = this.#slots[slot];
      if (worker) {
        this.#cursor = (slot + 1) % this.#slots.length;
        return worker;
      }
    }
    throw new MediaError("no_worker", "no mediasoup worker is running (all are being restarted)");
  }

  /** Closes every worker; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const worker of this.workers) worker.close();
    this.#slots.fill(undefined);
    this.emit("closed");
  }

  async #startWorker(slot: number): Promise<Worker> {
    const worker = await this.#mediasoup.createWorker({ ...this.#settings, appData: { slot } });
    if (this.#closed) {
      worker.close();
      throw new MediaError("pool_closed", "the worker pool closed while a worker was starting");
    }
    worker.on("died", (error: Error) => this.#onDied(slot, worker, error));
    this.#slots[slot] = worker;
    this.#logger.debug({ slot, pid: worker.pid }, "mediasoup worker started");
    return worker;
  }

  #onDied(slot: number, worker: Worker, error: Error): void {
    if (this.#slots[slot] !== worker) return;
    this.#slots[slot] = undefined;
    this.#logger.error({ slot, pid: worker.pid, err: error }, "mediasoup worker died; replacing it");
    this.emit("workerdied", slot, worker.pid, error);
    void this.#replace(slot);
  }

  async #replace(slot: number): Promise<void> {
    for (let attempt = 0; !this.#closed; attempt++) {
      const delayMs = RESTART_BACKOFF_MS[Math.min(attempt, RESTART_BACKOFF_MS.length - 1)] ?? 0;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      if (this.#closed) return;
      try {
        const worker = await this.#startWorker(slot);
        this.#logger.warn({ slot, pid: worker.pid }, "mediasoup worker replaced");
        this.emit("workerreplaced", slot, worker);
        return;
      } catch (error) {
        if (this.#closed) return;
        this.#logger.error({ slot, attempt, err: error }, "could not start a replacement mediasoup worker");
      }
    }
  }
}
