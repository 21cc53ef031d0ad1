import { AWARD_XP, type CourseDetails } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api } from "../helpers/clients";
import { codeRunNode, exerciseFor, JS_EXERCISE, PYTHON_EXERCISE, xpFor } from "../helpers/code-runs";

const env = codeRunNode({ CODE_RUN_POOL_SIZE: "2" });

const RIGHT = "def add(a, b):\n    return a + b\n";
const HALF = "def add(a, b):\n    print('adding', a, b)\n    return a + b if a > 0 else 1\n";

it("the same submission graded twice gives the same result, in Python and in JavaScript", {
  timeout: 120_000,
}, async () => {
  const python = await exerciseFor(env.url, env.instructor, PYTHON_EXERCISE);
  const [first, second] = [await python.submit(HALF), await python.submit(HALF)];
  expect(first.id).not.toBe(second.id);
  const graded = (a: typeof first) => ({
    tests: a.tests,
    stdout: a.output.stdout,
    error: a.output.error,
    passed: a.passed,
  });
  expect(graded(second)).toEqual(graded(first));
  expect(first.tests.map((t) => t.passed)).toEqual([true, false, true]);

  const js = await exerciseFor(env.url, env.instructor, JS_EXERCISE);
  const code = "function add(a, b) { console.log(a, b); return a === 1 ? 3 : a * b }\nadd.missing.call()";
  const [a, b] = [await js.submit(code), await js.submit(code)];
  expect(graded(b)).toEqual(graded(a));
  expect(a.output.error).toMatchObject({ line: 2 });
});

it("a graded exercise completes only by passing; concurrent passing submissions award its XP once and complete it once", {
  timeout: 120_000,
}, async () => {
  const exercise = await exerciseFor(env.url, env.instructor, PYTHON_EXERCISE);
  // A graded exercise completes by passing, not by asking.
  const asked = await api(env.url, "POST", `/api/courses/${exercise.courseId}/lessons/${exercise.lessonId}/complete`, {
    token: exercise.learner.accessToken,
  });
  expect(asked.status).toBe(403);
  const attempts = await Promise.all(Array.from({ length: 6 }, () => exercise.submit(RIGHT)));
  expect(attempts.every((a) => a.passed)).toBe(true);
  expect(new Set(attempts.map((a) => a.id)).size).toBe(6);
  expect(await xpFor(env.url, exercise.learner, "exercise_passed")).toBe(AWARD_XP.exercisePassed);
  expect(await xpFor(env.url, exercise.learner, "lesson_completed")).toBe(AWARD_XP.lessonCompleted);

  // A retried request answers its first attempt, graded once.
  const retried = await Promise.all([1, 2, 3].map(() => exercise.submit(RIGHT, exercise.learner, "retry-0001")));
  expect(new Set(retried.map((a) => a.id)).size).toBe(1);

  const details = await api<CourseDetails>(env.url, "GET", `/api/courses/${exercise.courseId}`, {
    token: exercise.learner.accessToken,
  });
  expect(details.body.progress).toMatchObject({ completedLessons: 1, totalLessons: 1, percent: 100 });
});
