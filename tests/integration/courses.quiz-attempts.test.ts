import type { LedgerPage, LessonView, QuizAnswer, QuizAttemptView, QuizStats } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api } from "../helpers/clients";
import { buildCourse, courseNode, enrolledLearner, QUIZ, READING } from "../helpers/courses";

const env = courseNode();

const ALL_RIGHT: QuizAnswer[] = [
  { type: "single", questionId: "q1", optionId: "b" },
  { type: "multiple", questionId: "q2", optionIds: ["b", "a"] },
  { type: "true_false", questionId: "q3", value: false },
  { type: "short_answer", questionId: "q4", text: "  paris " },
];
const HALF_RIGHT: QuizAnswer[] = [
  { type: "single", questionId: "q1", optionId: "a" },
  { type: "multiple", questionId: "q2", optionIds: ["a"] },
  { type: "true_false", questionId: "q3", value: false },
  { type: "short_answer", questionId: "q4", text: "Paris" },
];

it("learners never receive answers; attempts are graded on the server, kept, and tallied for the instructor", async () => {
  const { course, lessons } = await buildCourse(env.url, env.instructor, [READING, QUIZ]);
  const quizPath = `/api/courses/${course.id}/lessons/${lessons[1]!.id}`;
  const learner = await enrolledLearner(env.url, course.id);
  const token = learner.accessToken;

  const view = await api<LessonView>(env.url, "GET", quizPath, { token });
  const text = JSON.stringify(view.body);
  for (const secret of [
    "correctOptionId",
    "correctOptionIds",
    "acceptedAnswers",
    "explanation",
    '"correct"',
    "Paris",
  ]) {
    expect(text).not.toContain(secret);
  }
  expect(view.body.content).toMatchObject({ kind: "quiz", quiz: { passPercent: 70 } });
  expect(view.body.previousLessonId).toBe(lessons[0]!.id);

  const failed = await api<QuizAttemptView>(env.url, "POST", `${quizPath}/attempts`, {
    token,
    body: { answers: HALF_RIGHT },
  });
  expect(failed.status).toBe(201);
  expect(failed.body).toMatchObject({ correct: 2, total: 4, percent: 50, passed: false });
  expect(failed.body.results.map((r) => r.correct)).toEqual([false, false, true, true]);
  expect(failed.body.results[0]!.explanation).toBe("Four.");
  const stillOpen = await api<LessonView>(env.url, "GET", quizPath, { token });
  expect(stillOpen.body.progress?.completedAt ?? null).toBeNull();

  const passed = await api<QuizAttemptView>(env.url, "POST", `${quizPath}/attempts`, {
    token,
    body: { answers: ALL_RIGHT },
  });
  expect(passed.body).toMatchObject({ correct: 4, percent: 100, passed: true });
  const completed = await api<LessonView>(env.url, "GET", quizPath, { token });
  expect(completed.body.progress?.completedAt).toEqual(expect.any(String));

  const mine = await api<{ attempts: QuizAttemptView[] }>(env.url, "GET", `${quizPath}/attempts`, { token });
  expect(mine.body.attempts.map((a) => a.percent)).toEqual([100, 50]);
  const other = await enrolledLearner(env.url, course.id);
  const theirs = await api(env.url, "GET", `${quizPath}/attempts`, { token: other.accessToken });
  expect(theirs.body.attempts).toEqual([]);
  await api(env.url, "POST", `${quizPath}/attempts`, { token: other.accessToken, body: { answers: [] } });

  const bad = await api(env.url, "POST", `${quizPath}/attempts`, {
    token,
    body: { answers: [ALL_RIGHT[0], ALL_RIGHT[0]] },
  });
  expect(bad.body.error.code).toBe("invalid_payload");
  const notAQuiz = await api(env.url, "POST", `/api/courses/${course.id}/lessons/${lessons[0]!.id}/attempts`, {
    token,
    body: { answers: [] },
  });
  expect(notAQuiz.status).toBe(404);

  expect((await api(env.url, "GET", `${quizPath}/stats`, { token })).status).toBe(403);
  const stats = await api<QuizStats>(env.url, "GET", `${quizPath}/stats`, { token: env.instructor.accessToken });
  expect(stats.body).toMatchObject({ attempts: 3, passed: 1, title: "Quiz" });
  const [single, multiple, trueFalse, short] = stats.body.questions;
  expect(single).toMatchObject({ attempts: 3, correct: 1, correctPercent: 33 });
  expect(single!.options).toEqual([
    { id: "a", text: "3", count: 1, correct: false },
    { id: "b", text: "4", count: 1, correct: true },
  ]);
  expect(multiple!.options.map((o) => o.count)).toEqual([2, 1, 0]);
  expect(trueFalse!.options.map((o) => [o.id, o.count, o.correct])).toEqual([
    ["true", 0, false],
    ["false", 2, true],
  ]);
  expect(short).toMatchObject({ attempts: 3, correct: 2, correctPercent: 67, options: [] });
  // The editor's view of the same lesson has the answers.
  const edit = await api(env.url, "GET", `${quizPath}/edit`, { token: env.instructor.accessToken });
  expect(edit.body.content.quiz.questions[0].correctOptionId).toBe("b");
});

it("thirty attempts submitted at once are all tallied, each once", async () => {
  const { course, lessons } = await buildCourse(env.url, env.instructor, [QUIZ]);
  const quizPath = `/api/courses/${course.id}/lessons/${lessons[0]!.id}`;
  const learners = await Promise.all(Array.from({ length: 10 }, () => enrolledLearner(env.url, course.id)));
  const submissions = learners.flatMap((learner) =>
    [ALL_RIGHT, HALF_RIGHT, HALF_RIGHT].map((answers) =>
      api(env.url, "POST", `${quizPath}/attempts`, { token: learner.accessToken, body: { answers } }),
    ),
  );
  expect((await Promise.all(submissions)).map((r) => r.status)).toEqual(Array(30).fill(201));

  const stats = await api<QuizStats>(env.url, "GET", `${quizPath}/stats`, { token: env.instructor.accessToken });
  expect(stats.body).toMatchObject({ attempts: 30, passed: 10 });
  const [single, multiple, trueFalse] = stats.body.questions;
  expect(single).toMatchObject({ attempts: 30, correct: 10 });
  expect(single!.options.map((o) => o.count)).toEqual([20, 10]);
  expect(multiple!.options.map((o) => o.count)).toEqual([30, 10, 0]);
  expect(trueFalse!.options.map((o) => o.count)).toEqual([0, 30]);
});

it("a submission resent with its requestId is one attempt, tallied and awarded once", async () => {
  const { course, lessons } = await buildCourse(env.url, env.instructor, [QUIZ]);
  const quizPath = `/api/courses/${course.id}/lessons/${lessons[0]!.id}`;
  const learner = await enrolledLearner(env.url, course.id);
  const send = (requestId: string) =>
    api<QuizAttemptView>(env.url, "POST", `${quizPath}/attempts`, {
      token: learner.accessToken,
      body: { requestId, answers: HALF_RIGHT },
    });
  const answers = await Promise.all(Array.from({ length: 5 }, () => send("attempt-0001")));
  expect(answers.map((a) => a.status)).toEqual(Array(5).fill(201));
  expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
  expect((await send("attempt-0002")).body.id).not.toBe(answers[0]!.body.id);
  expect((await send("no")).body).toMatchObject({ error: { code: "invalid_payload" } });

  const mine = await api<{ attempts: QuizAttemptView[] }>(env.url, "GET", `${quizPath}/attempts`, {
    token: learner.accessToken,
  });
  expect(mine.body.attempts).toHaveLength(2);
  const stats = await api<QuizStats>(env.url, "GET", `${quizPath}/stats`, { token: env.instructor.accessToken });
  expect(stats.body.attempts).toBe(2);
  const ledger = await api<LedgerPage>(env.url, "GET", "/api/me/ledger?currency=points", {
    token: learner.accessToken,
  });
  // The second attempt repeats the first one's right answers: only the first is paid for them.
  expect(ledger.body.entries.filter((e) => e.reason === "quiz_correct_answers")).toHaveLength(1);
});
