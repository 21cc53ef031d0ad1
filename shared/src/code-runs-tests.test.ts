import { describe, expect, it } from "vitest";
import { errorLine, parseTests, sameValue, testsProblem } from "./code-runs-tests";

describe("parseTests", () => {
  it("splits Python assertions at the top-level comma, past strings and brackets", () => {
    const parsed = parseTests(
      "python",
      "# sums\nassert_equal(add(1, 2), 3)\n\nassert_equal(f('a, b', [1, (2, 3)]), {'k': [1, 2]})",
    );
    expect(parsed).toEqual({
      ok: true,
      tests: [
        { source: "assert_equal(add(1, 2), 3)", actual: "add(1, 2)", expected: "3" },
        {
          source: "assert_equal(f('a, b', [1, (2, 3)]), {'k': [1, 2]})",
          actual: "f('a, b', [1, (2, 3)])",
          expected: "{'k': [1, 2]}",
        },
      ],
    });
  });

  it("reads JavaScript's expect(…).toBe(…) and .toEqual(…), with calls inside", () => {
    const parsed = parseTests("javascript", "// checks\nexpect(add(1, 2)).toBe(3);\nexpect(pair(1)).toEqual([1, 1])");
    expect(parsed.ok && parsed.tests.map((t) => [t.actual, t.expected])).toEqual([
      ["add(1, 2)", "3"],
      ["pair(1)", "[1, 1]"],
    ]);
  });

  it("names the first line that is not an assertion", () => {
    expect(parseTests("python", "assert_equal(1, 1)\nprint(2)")).toMatchObject({ ok: false, line: 2 });
    expect(parseTests("python", "assert_equal(1)")).toMatchObject({ ok: false, line: 1 });
    expect(parseTests("javascript", "expect(a).toBe(b")).toMatchObject({ ok: false, line: 1 });
  });
});

describe("sameValue", () => {
  it("compares data, whatever the order of object keys", () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue(1, "1")).toBe(false);
  });
});

describe("errorLine", () => {
  it("takes the last line of the learner's file in a Python or QuickJS trace", () => {
    const python =
      'Traceback:\n  File "main.py", line 3, in <module>\n  File "main.py", line 7, in f\nZeroDivisionError';
    expect(errorLine(python, "main.py")).toBe(7);
    expect(errorLine("    at <eval> (main.js:4)\n", "main.js")).toBe(4);
    expect(errorLine('File "<exec>", line 2', "main.py")).toBeNull();
  });
});

describe("testsProblem", () => {
  it("accepts parsable tests of a runnable language and names what is wrong otherwise", () => {
    expect(testsProblem("python", { visible: "assert_equal(1, 1)", hidden: "" })).toBeNull();
    expect(testsProblem("css", undefined)).toBeNull();
    expect(testsProblem("python", { visible: "", hidden: "oops" })).toMatch(/^hidden tests: line 1/);
    expect(testsProblem("html", { visible: "expect(1).toBe(1)", hidden: "" })).toMatch(/Python and JavaScript/);
  });
});
