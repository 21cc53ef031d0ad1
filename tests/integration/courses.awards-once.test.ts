import { AWARD_POINTS, AWARD_XP, type LedgerPage, type QuizAnswer, type QuizAttemptView } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api, type TestAccount } from "../helpers/clients";
import { buildCourse, courseNode, enrolledLearner, QUIZ, READING } from "../helpers/courses";

const env = courseNode();

const RIGHT: QuizAnswer[] = [
  { type: "single", questionId: "q1", optionId: "b" },
  { type: "multiple", questionId: "q2", optionIds: ["a", "b"] },
  { type: "true_false", questionId: "q3", value: false },
  { type: "short_answer", questionId: "q4", text: "Paris" },
];

/** The learner's ledger entries of one currency that courses award, as `key → amount`, each key once. */
async function awarded(learner: TestAccount, currency: "xp" | "points"): Promise<Record<string, number>> {
  const page = await api<LedgerPage>(env.url, "GET", `/api/me/ledger?currency=${currency}&limit=100`, {
    token: learner.accessToken,
  });
  const ours = page.body.entries.filter((e) => /^(lesson|quiz|quiz-correct|quiz-perfect|course):/.test(e.key));
  const keys = ours.map((e) => e.key);
  expect(new Set(keys).size, `duplicate ${currency} keys: ${keys.join(", ")}`).toBe(keys.length);
  return Object.fromEntries(ours.map((e) => [e.key, e.amount]));
}

it("completing lessons, passing a quiz and finishing the course award once each, however often repeated", async () => {
  const { course, lessons } = await buildCourse(env.url, env.instructor, [READING, QUIZ]);
  const [reading, quiz] = lessons.map((l) => l.id) as [string, string];
  const learner = await enrolledLearner(env.url, course.id);
  const token = learner.accessToken;
  const lessonPath = (id: string) => `/api/courses/${course.id}/lessons/${id}`;

  // The reading, completed three times, two of them at once.
  const complete = () => api(env.url, "POST", `${lessonPath(reading)}/complete`, { token });
  expect((await Promise.all([complete(), complete()])).map((a) => a.status)).toEqual([200, 200]);
  expect((await complete()).status).toBe(200);

  // A failed attempt, then a perfect pass, then another pass.
  const attempt = async (answers: QuizAnswer[]) =>
    (await api<QuizAttemptView>(env.url, "POST", `${lessonPath(quiz)}/attempts`, { token, body: { answers } })).body;
  const failed = await attempt([RIGHT[0]!]);
  const passed = await attempt(RIGHT);
  const again = await attempt(RIGHT);
  expect([failed.passed, passed.passed, again.passed]).toEqual([false, true, true]);

  expect(await awarded(learner, "xp")).toEqual({
    [`lesson:${reading}`]: AWARD_XP.lessonCompleted,
    [`lesson:${quiz}`]: AWARD_XP.lessonCompleted,
    [`quiz:${quiz}`]: AWARD_XP.quizPassed,
    [`quiz-perfect:${quiz}`]: AWARD_XP.perfectQuizBonus,
    [`course:${course.id}`]: AWARD_XP.courseCompleted,
  });
  expect(await awarded(learner, "points")).toEqual({
    [`lesson:${reading}`]: AWARD_POINTS.lessonCompleted,
    [`lesson:${quiz}`]: AWARD_POINTS.lessonCompleted,
    [`quiz:${quiz}`]: AWARD_POINTS.quizPassed,
    [`quiz-perfect:${quiz}`]: AWARD_POINTS.perfectQuizBonus,
    [`course:${course.id}`]: AWARD_POINTS.courseCompleted,
    // Points for correct answers come with the first right answer to each question only.
    [`quiz-correct:${failed.id}`]: AWARD_POINTS.perCorrectAnswer,
    [`quiz-correct:${passed.id}`]: 3 * AWARD_POINTS.perCorrectAnswer,
  });

  // An attempt with nothing right awards nothing; the course's instructor earns nothing by previewing.
  const blank = await attempt([]);
  expect(Object.keys(await awarded(learner, "points"))).not.toContain(`quiz-correct:${blank.id}`);
  const progress = await api(env.url, "GET", "/api/me/progress", { token: env.instructor.accessToken });
  expect(progress.body.xp).toBe(0);
});
