import { expect, it } from "vitest";
import { api } from "../helpers/clients";
import { CODE_RUN_LIMITS, codeRunNode, exerciseFor, JS_EXERCISE, PYTHON_EXERCISE } from "../helpers/code-runs";

const env = codeRunNode();

/** Stopping may take the limit plus Pyodide's interrupt check, or a thread's terminate and restart. */
const STOP_BOUND_MS = CODE_RUN_LIMITS.timeMs + 8000;

it("infinite loops and memory bombs are stopped at their limits on the server, which answers other requests meanwhile", {
  timeout: 180_000,
}, async () => {
  const python = await exerciseFor(env.url, env.instructor, PYTHON_EXERCISE);
  const js = await exerciseFor(env.url, env.instructor, JS_EXERCISE);
  // The first grading loads Pyodide in the pool's worker; later ones reuse it.
  expect((await python.submit("def add(a, b):\n    return a + b\n")).passed).toBe(true);

  const cases = [
    { what: "python loop", submit: () => python.submit("while True:\n    pass\n"), stopped: "time" },
    { what: "python loop in C", submit: () => python.submit("sum(range(10**13))\n"), stopped: "time" },
    { what: "js loop", submit: () => js.submit("for (;;) {}"), stopped: "time" },
    {
      what: "python memory",
      submit: () => python.submit("x = []\nwhile True:\n    x.append(' ' * 10**6)\n"),
      stopped: "memory",
    },
    {
      what: "js memory",
      submit: () => js.submit("const a = [];\nfor (;;) a.push(new Array(1e5).fill(1));"),
      stopped: "memory",
    },
  ] as const;
  for (const c of cases) {
    // A stop that terminated a worker thread leaves the next grading to start a new one: warm it first.
    expect((await js.submit("function add(a, b) { return a + b }")).passed).toBe(true);
    const startedAt = Date.now();
    const grading = c.submit();
    // The node stays responsive while a worker thread is busy with the runaway code.
    const health = await api(env.url, "GET", "/healthz");
    const answeredMs = Date.now() - startedAt;
    const attempt = await grading;
    const tookMs = Date.now() - startedAt;
    console.log(
      `${c.what}: stopped (${attempt.output.stopped}) after ${tookMs} ms; health answered in ${answeredMs} ms`,
    );
    expect(health.status, c.what).toBe(200);
    expect(answeredMs, c.what).toBeLessThan(tookMs);
    expect(attempt.output.stopped, c.what).toBe(c.stopped);
    expect(attempt.passed, c.what).toBe(false);
    expect(tookMs, c.what).toBeLessThan(STOP_BOUND_MS);
  }

  // The pool recovers: a correct submission passes again after each kind of stop.
  expect((await python.submit("def add(a, b):\n    return a + b\n")).passed).toBe(true);
  expect((await js.submit("function add(a, b) { return a + b }")).passed).toBe(true);
});
