import type { ExerciseTests, RunnableLanguage } from "./code-runs";
import { isRunnable, MAX_TESTS_PER_KIND } from "./code-runs";

/**
 * The assertion format of code exercises, parsed outside the sandbox: each test is split into the
 * expression under test and the expected value, both evaluated in the learner's sandbox and
 * compared by the host. So learner code cannot redefine the assertion to pass it.
 */

export interface ParsedTest {
  /** The line as written: a visible test's name. */
  source: string;
  actual: string;
  expected: string;
}

export type ParseResult = { ok: true; tests: ParsedTest[] } | { ok: false; line: number; message: string };

const PYTHON_TEST = /^assert_equal\((.*)\)$/s;
const JS_TEST = /^expect\((.*)\)\.(?:toBe|toEqual)\((.*)\);?$/s;

/** Parses one assertion a line; blank lines and comments (`#` in Python, `//` in JavaScript) are skipped. */
export function parseTests(language: RunnableLanguage, text: string): ParseResult {
  const tests: ParsedTest[] = [];
  const lines = text.split("\n");
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith(language === "python" ? "#" : "//")) continue;
    const test = language === "python" ? parsePython(line) : parseJs(line);
    if (!test) {
      const form = language === "python" ? "assert_equal(expression, expected)" : "expect(expression).toBe(expected)";
      return { ok: false, line: index + 1, message: `line ${index + 1} is not of the form ${form}` };
    }
    tests.push(test);
  }
  if (tests.length > MAX_TESTS_PER_KIND) {
    return { ok: false, line: lines.length, message: `at most ${MAX_TESTS_PER_KIND} tests` };
  }
  return { ok: true, tests };
}

/** Why an exercise's tests could not be graded, or null: both kinds must parse in the exercise's language. */
export function testsProblem(language: string, tests: ExerciseTests | undefined): string | null {
  if (!tests || (tests.visible.trim() === "" && tests.hidden.trim() === "")) return null;
  if (!isRunnable(language)) return "tests are graded for Python and JavaScript exercises only";
  for (const kind of ["visible", "hidden"] as const) {
    const parsed = parseTests(language, tests[kind]);
    if (!parsed.ok) return `${kind} tests: ${parsed.message}`;
  }
  return null;
}

function parsePython(line: string): ParsedTest | null {
  const inner = PYTHON_TEST.exec(line)?.[1];
  if (inner === undefined) return null;
  const parts = splitTopLevel(inner);
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  return { source: line, actual: parts[0], expected: parts[1] };
}

function parseJs(line: string): ParsedTest | null {
  const match = JS_TEST.exec(line);
  if (!match?.[1] || !match[2]) return null;
  // `expect(a).toBe(b)` must split at the `).toBe(` that closes expect's own parenthesis.
  if (splitTopLevel(match[1]).length !== 1 || !balanced(match[1]) || !balanced(match[2])) return null;
  return { source: line, actual: match[1].trim(), expected: match[2].trim() };
}

/** Splits at commas outside brackets and string literals. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

function balanced(text: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c) && --depth < 0) return false;
  }
  return depth === 0 && quote === null;
}

/** Data compared as canonical JSON: object keys sorted, so `{a, b}` equals `{b, a}`. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );
}

/** A value as a learner reads it in a failed test's message. */
export function describeValue(value: unknown): string {
  const text = value === undefined ? "undefined" : canonical(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** The line of the learner's file an error names: the last `main.py", line N` or `main.js:N` in its trace. */
export function errorLine(trace: string, fileName: string): number | null {
  const escaped = fileName.replace(/\./g, "\\.");
  const pattern = new RegExp(`${escaped}"?(?:, line |:)(\\d+)`, "g");
  let line: number | null = null;
  for (const match of trace.matchAll(pattern)) line = Number(match[1]);
  return line;
}
