/**
 * Server-side grading of code exercises: a sandbox's cold start (a worker thread loading Pyodide
 * and QuickJS, then its first grading) and the throughput of the grading pool for a small exercise,
 * in submissions a second, as a ratio against the same sandbox graded in-process with no worker
 * round trip, measured in the same run. The pool's figure includes the thread hop and the result's
 * validation; the ratio says how much of the interpreter's own speed a submission keeps.
 *
 * stdout: one JSON line per language, then a summary line. stderr: progress. Figures are printed,
 * never judged: the exit code is non-zero only when something breaks.
 *
 *   node --import tsx tests/bench/code-runs.bench.ts --submissions 200 --pool 2
 */
import { performance } from "node:perf_hooks";
import {
  javascriptSandbox,
  type ParsedTest,
  parseTests,
  pythonSandbox,
  type QuickJSModuleLike,
  type RunnableLanguage,
  type Sandbox,
} from "@chalkline/shared";
import variant from "@jitl/quickjs-wasmfile-release-sync";
import pino from "pino";
import { loadPyodide } from "pyodide";
import { newQuickJSWASMModuleFromVariant } from "quickjs-emscripten-core";
import { SandboxPool } from "../../server/src/features/code-runs/sandbox.pool";
import { ratio, round } from "./lib/fanout";
import { parseFlags } from "./lib/options";
import { type BenchContext, runBench } from "./lib/run";

const BENCH = "code-runs";
const MEMORY_BYTES = 256 * 1024 * 1024;
const TIME_LIMIT_MS = 5000;

const FLAGS = {
  submissions: { key: "submissions", env: "BENCH_SUBMISSIONS", fallback: 200 },
  pool: { key: "pool", env: "BENCH_POOL", fallback: 2 },
} as const;

const EXERCISES: Record<RunnableLanguage, { code: string; tests: string }> = {
  python: {
    code: "def add(a, b):\n    return a + b\n",
    tests: "assert_equal(add(1, 2), 3)\nassert_equal(add([1], [2]), [1, 2])\nassert_equal(add('a', 'b'), 'ab')",
  },
  javascript: {
    code: "function add(a, b) { return a + b }",
    tests: "expect(add(1, 2)).toBe(3)\nexpect(add('a', 'b')).toBe('ab')\nexpect([add(1, 1)]).toEqual([2])",
  },
};

function testsOf(language: RunnableLanguage): ParsedTest[] {
  const parsed = parseTests(language, EXERCISES[language].tests);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.tests;
}

/** Submissions a second through `grade`, `concurrency` at a time. */
async function throughput(total: number, concurrency: number, grade: () => Promise<boolean>): Promise<number> {
  let next = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) if (!(await grade())) throw new Error("a correct submission failed");
    }),
  );
  return total / ((performance.now() - startedAt) / 1000);
}

async function main({ progress, emit }: BenchContext): Promise<void> {
  const opts = parseFlags(FLAGS, process.argv.slice(2), process.env, progress);
  progress("in-process baseline: loading Pyodide and QuickJS");
  const loadStarted = performance.now();
  const inProcess: Record<RunnableLanguage, Sandbox> = {
    python: pythonSandbox((await loadPyodide()) as never),
    javascript: javascriptSandbox(
      (await newQuickJSWASMModuleFromVariant(variant as never)) as unknown as QuickJSModuleLike,
      MEMORY_BYTES,
    ),
  };
  const inProcessLoadMs = performance.now() - loadStarted;

  const pool = new SandboxPool({
    size: opts.pool,
    timeLimitMs: TIME_LIMIT_MS,
    memoryBytes: MEMORY_BYTES,
    logger: pino({ level: "warn" }),
  });
  try {
    progress("cold start: the pool's first grading starts its first worker");
    const coldStarted = performance.now();
    const first = await pool.grade({
      language: "javascript",
      code: EXERCISES.javascript.code,
      visible: testsOf("javascript"),
      hidden: [],
    });
    const coldStartMs = performance.now() - coldStarted;
    if (!first.tests.every((t) => t.passed)) throw new Error("the cold-start grading failed");

    const rows = [];
    for (const language of ["javascript", "python"] as const) {
      const job = { language, code: EXERCISES[language].code, visible: testsOf(language), hidden: [] };
      const passes = (run: { tests: Array<{ passed: boolean }> }) => run.tests.every((t) => t.passed);
      progress(`${language}: ${opts.submissions} in-process gradings`);
      const baseline = await throughput(opts.submissions, 1, async () =>
        passes(inProcess[language].run({ ...job, deadline: Date.now() + TIME_LIMIT_MS })),
      );
      // Warm every worker first: the figure is for a loaded pool.
      await Promise.all(Array.from({ length: opts.pool }, () => pool.grade(job)));
      progress(`${language}: ${opts.submissions} gradings through a pool of ${opts.pool}`);
      const pooled = await throughput(opts.submissions, opts.pool * 2, async () => passes(await pool.grade(job)));
      const row = {
        bench: BENCH,
        language,
        submissions: opts.submissions,
        pool: opts.pool,
        submissionsPerSec: round(pooled, 1),
        inProcessPerSec: round(baseline, 1),
        ratioToInProcess: ratio(pooled, baseline),
      };
      emit(row);
      rows.push(row);
    }
    emit({
      bench: BENCH,
      summary: true,
      coldStartMs: Math.round(coldStartMs),
      inProcessLoadMs: Math.round(inProcessLoadMs),
      submissionsPerSec: Object.fromEntries(rows.map((r) => [r.language, r.submissionsPerSec])),
    });
  } finally {
    await pool.close();
  }
}

await runBench(BENCH, main);
