import { Worker } from "node:worker_threads";
import { type GradedRun, gradedRunSchema, type ParsedTest, type RunnableLanguage, stoppedRun } from "@chalkline/shared";
import type { Logger } from "pino";
import type { WorkerData, WorkerJob } from "./sandbox.protocol";

export interface SandboxPoolOptions {
  size: number;
  timeLimitMs: number;
  memoryBytes: number;
  logger: Logger;
}

export interface GradeJob {
  language: RunnableLanguage;
  code: string;
  visible: readonly ParsedTest[];
  hidden: readonly ParsedTest[];
}

/** After the time limit, Python gets this long to notice its interrupt before its thread is terminated. */
const TERMINATE_GRACE_MS = 1500;
/** The V8 heap of a grading thread; learner code lives in WebAssembly memory, capped separately. */
const WORKER_HEAP_MB = 256;
const WORKER_URL = new URL("./sandbox.worker.ts", import.meta.url).href;
/**
 * The server runs its TypeScript through tsx; a worker thread does not inherit its loader, so the
 * thread registers it before importing the worker module.
 */
const BOOTSTRAP = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL)}); });`;

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  interrupt: Uint8Array;
  busy: boolean;
}

interface Pending {
  job: GradeJob;
  resolve: (run: GradedRun) => void;
  reject: (error: Error) => void;
}

/**
 * Worker threads that grade code in WebAssembly, started on first use and kept between gradings
 * (Pyodide takes seconds to load). One job per thread at a time, the rest wait in order. A job
 * over its time limit is interrupted; one that does not stop (a loop inside a C builtin) has its
 * thread terminated and replaced, and is reported as stopped at the limit all the same.
 */
export class SandboxPool {
  #slots: Slot[] = [];
  #queue: Pending[] = [];
  #nextId = 1;
  #closed = false;

  constructor(private readonly opts: SandboxPoolOptions) {}

  grade(job: GradeJob): Promise<GradedRun> {
    if (this.#closed) return Promise.reject(new Error("the sandbox pool is closed"));
    return new Promise((resolve, reject) => {
      this.#queue.push({ job, resolve, reject });
      this.#dispatch();
    });
  }

  /** Terminates every thread; idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const pending of this.#queue.splice(0)) pending.reject(new Error("the sandbox pool is closed"));
    await Promise.all(this.#slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => !s.busy);
      if (!slot && this.#slots.length < this.opts.size) slot = this.#spawn();
      if (!slot) return;
      const pending = this.#queue.shift() as Pending;
      slot.busy = true;
      this.#runOn(slot, pending).finally(() => {
        slot.busy = false;
        if (!this.#closed) this.#dispatch();
      });
    }
  }

  #spawn(): Slot {
    const interrupt = new SharedArrayBuffer(1);
    const data: WorkerData = { memoryBytes: this.opts.memoryBytes, interrupt };
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    const ready = new Promise<void>((resolve, reject) => {
      worker.once("message", () => resolve());
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`sandbox worker exited with ${code} while loading`)));
    });
    const slot: Slot = { worker, ready, interrupt: new Uint8Array(interrupt), busy: false };
    worker.on("exit", () => {
      this.#slots = this.#slots.filter((s) => s !== slot);
    });
    this.#slots.push(slot);
    return slot;
  }

  async #runOn(slot: Slot, pending: Pending): Promise<void> {
    const startedAt = Date.now();
    try {
      await slot.ready;
    } catch (error) {
      this.opts.logger.error({ err: error }, "sandbox worker failed to start");
      pending.reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const id = this.#nextId++;
    const { timeLimitMs } = this.opts;
    const message: WorkerJob = {
      id,
      ...pending.job,
      visible: [...pending.job.visible],
      hidden: [...pending.job.hidden],
      timeMs: timeLimitMs,
    };
    await new Promise<void>((done) => {
      const finish = (run: GradedRun) => {
        clearTimeout(interruptTimer);
        clearTimeout(killTimer);
        slot.worker.off("message", onMessage);
        slot.worker.off("exit", onExit);
        pending.resolve(run);
        done();
      };
      const onMessage = (reply: { id?: number; result?: unknown }) => {
        if (reply.id === id) finish(gradedRunSchema.parse(reply.result));
      };
      // A thread that dies mid-run hit a limit: its heap, or the terminate below.
      const onExit = () => finish(stoppedRun(pending.job, killed ? "time" : "memory", Date.now() - startedAt));
      let killed = false;
      const interruptTimer = setTimeout(() => Atomics.store(slot.interrupt, 0, 2), timeLimitMs);
      const killTimer = setTimeout(() => {
        killed = true;
        this.opts.logger.warn({ timeLimitMs }, "sandbox worker terminated at its time limit");
        void slot.worker.terminate();
      }, timeLimitMs + TERMINATE_GRACE_MS);
      slot.worker.on("message", onMessage);
      slot.worker.once("exit", onExit);
      slot.worker.postMessage(message);
    });
  }
}
