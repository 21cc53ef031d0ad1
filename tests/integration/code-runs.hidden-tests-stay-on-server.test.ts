import type { CodeAttemptView, CodeExerciseStats, LessonEditView, LessonView } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api } from "../helpers/clients";
import { codeRunNode, exerciseFor, HIDDEN_PYTHON_TEST, PYTHON_EXERCISE } from "../helpers/code-runs";

const env = codeRunNode();

/** Parts of the hidden test a response could leak it by. */
const LEAKS = [HIDDEN_PYTHON_TEST, "40, 2", "), 42)"];

it("hidden tests never reach a learner: not in the lesson, not in attempts; the instructor's statistics name them", {
  timeout: 120_000,
}, async () => {
  const exercise = await exerciseFor(env.url, env.instructor, PYTHON_EXERCISE);
  const token = exercise.learner.accessToken;
  const lessonPath = `/api/courses/${exercise.courseId}/lessons/${exercise.lessonId}`;
  const responses: unknown[] = [];

  const view = await api<LessonView>(env.url, "GET", lessonPath, { token });
  expect(view.status).toBe(200);
  expect(view.body.content).toMatchObject({ kind: "code", tests: { visible: expect.stringContaining("add(1, 2)") } });
  expect(view.body.content).not.toHaveProperty("tests.hidden");
  responses.push(view.body);
  expect((await api(env.url, "GET", `${lessonPath}/edit`, { token })).status).toBe(403);

  // Passes the visible tests only; then one that passes all of them.
  const visibleOnly = await exercise.submit("def add(a, b):\n    return 3 if a == 1 else 0\n");
  expect(visibleOnly.passed).toBe(false);
  expect(visibleOnly.tests.map((t) => [t.name, t.passed])).toEqual([
    ["assert_equal(add(1, 2), 3)", true],
    ["assert_equal(add(-1, 1), 0)", true],
    ["Hidden test 1", false],
  ]);
  expect(visibleOnly.tests[2]).toMatchObject({ hidden: true, message: "" });
  const right = await exercise.submit("def add(a, b):\n    return a + b\n");
  expect(right).toMatchObject({ passed: true, passedTests: 3, totalTests: 3 });
  responses.push(visibleOnly, right);
  responses.push(
    (await api<{ attempts: CodeAttemptView[] }>(env.url, "GET", `${exercise.path}/attempts`, { token })).body,
  );
  const stats = await api(env.url, "GET", `${exercise.path}/stats`, { token });
  expect(stats.status).toBe(403);
  responses.push(stats.body);

  const text = JSON.stringify(responses);
  for (const leak of LEAKS) expect(text).not.toContain(leak);

  const editor = await api<LessonEditView>(env.url, "GET", `${lessonPath}/edit`, { token: env.instructor.accessToken });
  // Tests that cannot be read are refused when saved, not at a learner's submission.
  const broken = {
    ...PYTHON_EXERCISE,
    content: { ...editor.body.content, tests: { visible: "add(1, 2) == 3", hidden: "" } },
  };
  const refused = await api(env.url, "PUT", lessonPath, { token: env.instructor.accessToken, body: broken });
  expect(refused.status).toBe(400);
  expect(refused.body.error.message).toContain("visible tests: line 1");
  expect(editor.body.content).toMatchObject({ tests: { hidden: HIDDEN_PYTHON_TEST } });
  const instructorStats = await api<CodeExerciseStats>(env.url, "GET", `${exercise.path}/stats`, {
    token: env.instructor.accessToken,
  });
  expect(instructorStats.body).toMatchObject({
    attempts: 2,
    learners: 1,
    passedLearners: 1,
    passRate: 100,
    attemptsToPass: 2,
    mostFailed: [{ name: HIDDEN_PYTHON_TEST, hidden: true, failures: 1 }],
  });
});
