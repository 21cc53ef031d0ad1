import type { RunError, RunStop } from "./code-runs";
import { type Evaluated, gradedRun, OutputBuffer, runTests, type Sandbox } from "./code-runs-sandbox";
import { errorLine } from "./code-runs-tests";

/** The parts of quickjs-emscripten this module uses (typed here so this package does not import it). */
interface Handle {
  dispose(): void;
}
type Result = { error: Handle; value?: undefined } | { error?: undefined; value: Handle };
interface QuickJSContextLike {
  readonly global: Handle;
  readonly undefined: Handle;
  readonly null: Handle;
  evalCode(code: string, filename?: string): Result;
  callFunction(fn: Handle, thisValue: Handle, ...args: Handle[]): Result;
  newFunction(name: string, fn: (...args: Handle[]) => Handle | undefined): Handle;
  newObject(): Handle;
  setProp(target: Handle, key: string, value: Handle): void;
  getProp(target: Handle, key: string | number | Handle): Handle;
  typeof(handle: Handle): string;
  getNumber(handle: Handle): number;
  getString(handle: Handle): string;
  sameValue(a: Handle, b: Handle): boolean;
  getLength(handle: Handle): number | undefined;
  dump(handle: Handle): unknown;
  dispose(): void;
}
interface QuickJSRuntimeLike {
  setMemoryLimit(bytes: number): void;
  setMaxStackSize(bytes: number): void;
  setInterruptHandler(shouldInterrupt: () => boolean): void;
  newContext(): QuickJSContextLike;
  dispose(): void;
}
export interface QuickJSModuleLike {
  newRuntime(): QuickJSRuntimeLike;
}

const FILE_NAME = "main.js";
const STACK_BYTES = 512 * 1024;
/** Deeper or larger values are cut when read back for a test; tests compare small data. */
const MAX_DEPTH = 8;
const MAX_ITEMS = 1000;

/**
 * A JavaScript sandbox: a new QuickJS runtime and context for every run (so nothing survives one),
 * with a memory limit, a stack limit and a deadline checked by the interpreter itself. The only
 * host function it gets is `console`; it has no network, file system or module loader.
 */
export function javascriptSandbox(quickjs: QuickJSModuleLike, memoryBytes: number): Sandbox {
  return {
    run(request) {
      const startedAt = Date.now();
      const stdout = new OutputBuffer();
      const stderr = new OutputBuffer();
      const runtime = quickjs.newRuntime();
      runtime.setMemoryLimit(memoryBytes);
      runtime.setMaxStackSize(STACK_BYTES);
      runtime.setInterruptHandler(() => Date.now() > request.deadline);
      const ctx = runtime.newContext();
      // Taken before learner code runs, which could replace `Array.isArray` to fool the comparison.
      const originals = { isArray: builtin(ctx, "Array", "isArray"), keys: builtin(ctx, "Object", "keys") };
      try {
        installConsole(ctx, stdout, stderr);
        let error: RunError | null = null;
        let stopped: RunStop | null = null;
        const main = ctx.evalCode(request.code, FILE_NAME);
        if (main.error) ({ error, stopped } = jsFailure(ctx, main.error));
        else main.value.dispose();
        const evaluate = (expression: string): Evaluated => {
          if (stopped) return { ok: false, message: "not run", stop: stopped };
          const result = ctx.evalCode(`(${expression})`, "<test>");
          if (result.error) {
            const failure = jsFailure(ctx, result.error);
            return { ok: false, message: failure.error.message, stop: failure.stopped };
          }
          try {
            return { ok: true, value: readValue(ctx, result.value, originals, 0) };
          } finally {
            result.value.dispose();
          }
        };
        const { tests, stop } = runTests(request, evaluate);
        return gradedRun(stdout, stderr, error, stopped ?? stop, tests, startedAt);
      } finally {
        originals.isArray.dispose();
        originals.keys.dispose();
        ctx.dispose();
        runtime.dispose();
      }
    },
  };
}

function builtin(ctx: QuickJSContextLike, object: string, name: string): Handle {
  return withProp(ctx, ctx.global, object, (o) => ctx.getProp(o, name));
}

function installConsole(ctx: QuickJSContextLike, stdout: OutputBuffer, stderr: OutputBuffer): void {
  const console = ctx.newObject();
  const writer =
    (out: OutputBuffer) =>
    (...args: Handle[]) => {
      out.write(`${args.map((arg) => text(ctx, arg)).join(" ")}\n`);
      return undefined;
    };
  for (const [name, out] of [
    ["log", stdout],
    ["info", stdout],
    ["error", stderr],
    ["warn", stderr],
  ] as const) {
    const fn = ctx.newFunction(name, writer(out));
    ctx.setProp(console, name, fn);
    fn.dispose();
  }
  ctx.setProp(ctx.global, "console", console);
  console.dispose();
}

function text(ctx: QuickJSContextLike, handle: Handle): string {
  const type = ctx.typeof(handle);
  if (type === "string") return ctx.getString(handle);
  if (type === "object" || type === "function") {
    const dumped = ctx.dump(handle);
    return typeof dumped === "string" ? dumped : (JSON.stringify(dumped) ?? String(dumped));
  }
  return String(ctx.dump(handle));
}

interface Originals {
  isArray: Handle;
  keys: Handle;
}

/** Reads a value out of the VM by walking it from here, never through functions learner code could replace. */
function readValue(ctx: QuickJSContextLike, handle: Handle, originals: Originals, depth: number): unknown {
  switch (ctx.typeof(handle)) {
    case "number":
      return ctx.getNumber(handle);
    case "string":
      return ctx.getString(handle);
    case "boolean":
    case "undefined":
    case "bigint":
      return ctx.dump(handle);
    case "function":
      return "<function>";
  }
  if (ctx.sameValue(handle, ctx.null)) return null;
  if (depth >= MAX_DEPTH) return "<too deep>";
  const array = ctx.callFunction(originals.isArray, ctx.undefined, handle);
  const isArray = array.value ? ctx.dump(array.value) === true : false;
  (array.value ?? array.error)?.dispose();
  if (isArray) {
    const length = Math.min(ctx.getLength(handle) ?? 0, MAX_ITEMS);
    return Array.from({ length }, (_, i) => withProp(ctx, handle, i, (v) => readValue(ctx, v, originals, depth + 1)));
  }
  const keys = ctx.callFunction(originals.keys, ctx.undefined, handle);
  if (keys.error) {
    keys.error.dispose();
    return "<object>";
  }
  const names: string[] = [];
  const count = Math.min(ctx.getLength(keys.value) ?? 0, MAX_ITEMS);
  for (let i = 0; i < count; i++) names.push(withProp(ctx, keys.value, i, (k) => ctx.getString(k)));
  keys.value.dispose();
  return Object.fromEntries(
    names.map((name) => [name, withProp(ctx, handle, name, (v) => readValue(ctx, v, originals, depth + 1))]),
  );
}

function withProp<T>(ctx: QuickJSContextLike, target: Handle, key: string | number, read: (h: Handle) => T): T {
  const value = ctx.getProp(target, key);
  try {
    return read(value);
  } finally {
    value.dispose();
  }
}

/** A thrown value's message and line; QuickJS says "interrupted" at the deadline and "out of memory" at the limit. */
function jsFailure(ctx: QuickJSContextLike, thrown: Handle): { error: RunError; stopped: RunStop | null } {
  const dumped = ctx.dump(thrown) as { name?: string; message?: string; stack?: string } | string;
  thrown.dispose();
  const name = typeof dumped === "object" && dumped ? (dumped.name ?? "Error") : "Error";
  const message =
    typeof dumped === "object" && dumped ? `${name}: ${dumped.message ?? ""}` : `Uncaught ${String(dumped)}`;
  const stack = typeof dumped === "object" && dumped ? (dumped.stack ?? "") : "";
  const stopped: RunStop | null = /interrupted/.test(message)
    ? "time"
    : /out of memory/.test(message)
      ? "memory"
      : null;
  return { error: { message, line: errorLine(stack, FILE_NAME) }, stopped };
}
