import type { GradedRun, RunError, RunStop, TestResult } from "./code-runs";
import { MAX_RUN_OUTPUT_CHARS } from "./code-runs";
import type { ParsedTest } from "./code-runs-tests";
import { describeValue, sameValue } from "./code-runs-tests";

/**
 * What the browser's Web Worker and the server's worker thread share around the two interpreters
 * (code-runs-python.ts, code-runs-javascript.ts): the request, output capture with a cap, test
 * results, and the scrubbing of the worker's global scope. The interpreters themselves are
 * loaded by each side and handed in, so this package imports neither.
 */

export interface SandboxRequest {
  code: string;
  visible: readonly ParsedTest[];
  hidden: readonly ParsedTest[];
  /** Epoch milliseconds after which QuickJS interrupts itself (Pyodide is interrupted from outside). */
  deadline: number;
}

export interface Sandbox {
  run(request: SandboxRequest): GradedRun;
}

/** The value of one test's two expressions, or what went wrong evaluating them. */
export type Evaluated = { ok: true; value: unknown } | { ok: false; message: string; stop: RunStop | null };

/** Collects stdout or stderr up to the cap, then notes the cut once. */
export class OutputBuffer {
  #text = "";
  #cut = false;

  write(chunk: string): void {
    if (this.#cut) return;
    const room = MAX_RUN_OUTPUT_CHARS - this.#text.length;
    if (chunk.length <= room) this.#text += chunk;
    else {
      this.#text += `${chunk.slice(0, room)}\n… output cut at ${MAX_RUN_OUTPUT_CHARS} characters`;
      this.#cut = true;
    }
  }

  get text(): string {
    return this.#text;
  }
}

/**
 * Runs each test by evaluating its two expressions in the sandbox and comparing the values here.
 * Stops at the first test that hits a limit: the rest would hit it too. A hidden test's result
 * names only its number, so what it checks never reaches the learner.
 */
export function runTests(
  request: SandboxRequest,
  evaluate: (expression: string) => Evaluated,
): { tests: TestResult[]; stop: RunStop | null } {
  const tests: TestResult[] = [];
  const all = [
    ...request.visible.map((t) => ({ ...t, hidden: false })),
    ...request.hidden.map((t) => ({ ...t, hidden: true })),
  ];
  let stop: RunStop | null = null;
  for (const [index, test] of all.entries()) {
    const name = test.hidden ? `Hidden test ${index - request.visible.length + 1}` : test.source;
    const result: ReturnType<typeof compare> | null = stop ? null : compare(test, evaluate);
    if (result && !result.passed && result.stop) stop = result.stop;
    const message = result?.message ?? "not run: the code was stopped at a limit";
    tests.push({ name, hidden: test.hidden, passed: result?.passed ?? false, message: test.hidden ? "" : message });
  }
  return { tests, stop };
}

function compare(
  test: ParsedTest,
  evaluate: (expression: string) => Evaluated,
): { passed: boolean; message: string; stop: RunStop | null } {
  const actual = evaluate(test.actual);
  if (!actual.ok) return { passed: false, message: actual.message, stop: actual.stop };
  const expected = evaluate(test.expected);
  if (!expected.ok) return { passed: false, message: `the expected value failed: ${expected.message}`, stop: null };
  if (sameValue(actual.value, expected.value)) return { passed: true, message: "passed", stop: null };
  return {
    passed: false,
    message: `expected ${describeValue(expected.value)}, got ${describeValue(actual.value)}`,
    stop: null,
  };
}

export function gradedRun(
  stdout: OutputBuffer,
  stderr: OutputBuffer,
  error: RunError | null,
  stopped: RunStop | null,
  tests: TestResult[],
  startedAt: number,
): GradedRun {
  return {
    output: {
      stdout: stdout.text,
      stderr: stderr.text,
      error,
      stopped,
      durationMs: Math.round(Date.now() - startedAt),
    },
    tests,
  };
}

/**
 * What a run stopped from outside its worker reports (the worker was terminated at the time limit,
 * or died): no output survives it and no test passed.
 */
export function stoppedRun(
  tests: Pick<SandboxRequest, "visible" | "hidden">,
  stopped: RunStop,
  durationMs: number,
  message: string | null = null,
): GradedRun {
  const note = stopped === "time" ? "not run: stopped at the time limit" : "not run: stopped at the memory limit";
  return {
    output: {
      stdout: "",
      stderr: "",
      error: message ? { message, line: null } : null,
      stopped,
      durationMs: Math.round(durationMs),
    },
    tests: [
      ...tests.visible.map((t) => ({ name: t.source, hidden: false, passed: false, message: note })),
      ...tests.hidden.map((_, i) => ({ name: `Hidden test ${i + 1}`, hidden: true, passed: false, message: "" })),
    ],
  };
}

/** What a worker's global scope must not offer to code that reaches it: network, scripts, storage, the host. */
const HOST_GLOBALS = [
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "WebSocketStream",
  "EventSource",
  "importScripts",
  "indexedDB",
  "caches",
  "BroadcastChannel",
  "navigator",
  "Worker",
  "SharedWorker",
  "process",
  "require",
  "module",
  "eval",
] as const;

/**
 * Takes network, storage and host access out of the worker's global scope, down its prototype
 * chain (a worker's `fetch` lives on `WorkerGlobalScope.prototype`), and makes every function's
 * `constructor` unusable, which is how code holding any JavaScript function reaches `Function`,
 * and through it the global scope. Called once the interpreters are loaded, which need some of it.
 */
export function scrubGlobalScope(scope: object): void {
  for (
    let target: object | null = scope;
    target && target !== Object.prototype;
    target = Object.getPrototypeOf(target)
  ) {
    for (const name of HOST_GLOBALS) {
      if (Object.hasOwn(target, name)) {
        Reflect.deleteProperty(target, name);
        if (Object.hasOwn(target, name)) Object.defineProperty(target, name, { value: undefined });
      }
    }
  }
  const blocked = () => {
    throw new Error("not available in the sandbox");
  };
  const functionKinds = [() => {}, async () => {}, function* () {}, async function* () {}];
  for (const fn of functionKinds) {
    Object.defineProperty(Object.getPrototypeOf(fn), "constructor", {
      value: blocked,
      writable: false,
      configurable: false,
    });
  }
}

/** Caps the WebAssembly memory every instance in this worker may grow to: Pyodide's heap cannot be capped otherwise. */
export function capWasmMemory(maxBytes: number): void {
  // Typed here: this package is built without the DOM's or Node's WebAssembly declarations.
  const memory = (globalThis as unknown as { WebAssembly: { Memory: { prototype: WasmMemory } } }).WebAssembly.Memory
    .prototype;
  const grow = memory.grow;
  memory.grow = function (this: WasmMemory, pages: number) {
    if (this.buffer.byteLength + pages * 65_536 > maxBytes) throw new RangeError("sandbox memory limit");
    return grow.call(this, pages);
  };
}

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
