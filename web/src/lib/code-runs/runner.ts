import {
  type GradedRun,
  gradedRunSchema,
  type ParsedTest,
  type RunnableLanguage,
  type RunStop,
  stoppedRun,
} from "@chalkline/shared";
import { translate } from "$lib/i18n";
import type { WorkerRequest } from "./protocol";

/** How long a run in the browser may take; QuickJS stops itself, Pyodide's worker is terminated. */
export const RUN_TIME_LIMIT_MS = 5000;
/** The WebAssembly memory a run may grow to (QuickJS's heap limit, the cap on Pyodide's memory). */
export const RUN_MEMORY_BYTES = 256 * 1024 * 1024;
/** QuickJS reports its own interrupt at the limit; this is how long the page waits for that answer. */
const ANSWER_GRACE_MS = 300;

export interface RunTests {
  visible: readonly ParsedTest[];
  hidden: readonly ParsedTest[];
}

/**
 * Runs code in a Web Worker per language, kept between runs (loading Pyodide takes seconds). A run
 * past the time limit has its worker terminated and reported as stopped; the next run starts a
 * new one. Only one run per language at a time: the page waits for each.
 */
export class BrowserSandbox {
  #workers = new Map<RunnableLanguage, Worker>();

  run(language: RunnableLanguage, code: string, tests: RunTests = { visible: [], hidden: [] }): Promise<GradedRun> {
    const worker = this.#workers.get(language) ?? this.#spawn(language);
    const request: WorkerRequest = {
      language,
      code,
      visible: [...tests.visible],
      hidden: [...tests.hidden],
      timeMs: RUN_TIME_LIMIT_MS,
      memoryBytes: RUN_MEMORY_BYTES,
    };
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let startedAt = Date.now();
      const stop = (stopped: RunStop, message: string | null) => {
        clearTimeout(timer);
        this.#discard(language);
        resolve(stoppedRun(tests, stopped, Date.now() - startedAt, message));
      };
      worker.onmessage = (event: MessageEvent<{ started?: boolean; result?: unknown }>) => {
        if (event.data.started) {
          startedAt = Date.now();
          timer = setTimeout(() => stop("time", null), RUN_TIME_LIMIT_MS + ANSWER_GRACE_MS);
          return;
        }
        clearTimeout(timer);
        resolve(gradedRunSchema.parse(event.data.result));
      };
      // A worker that dies mid-run ran out of memory outside what the caps catch (or failed to load).
      worker.onerror = (event) => {
        event.preventDefault();
        stop("memory", event.message || translate("codeRuns.sandboxStopped"));
      };
      worker.postMessage(request);
    });
  }

  /** Ends every worker; the page calls it when it goes away. */
  close(): void {
    for (const language of [...this.#workers.keys()]) this.#discard(language);
  }

  #spawn(language: RunnableLanguage): Worker {
    const worker = new Worker(new URL("./sandbox.worker.ts", import.meta.url), { type: "module" });
    this.#workers.set(language, worker);
    return worker;
  }

  #discard(language: RunnableLanguage): void {
    this.#workers.get(language)?.terminate();
    this.#workers.delete(language);
  }
}

/** "stopped after 5 s" and its memory twin, for the output panel. */
export function limitNote(stopped: RunStop): string {
  return stopped === "time"
    ? translate("codeRuns.limit.time", { values: { seconds: RUN_TIME_LIMIT_MS / 1000 } })
    : translate("codeRuns.limit.memory", { values: { megabytes: RUN_MEMORY_BYTES / 1024 / 1024 } });
}
