import { AWARD_POINTS, AWARD_XP, type LedgerPage, type QuizAnswer, type QuizAttemptView } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api, type TestAccount } from "../helpers/clients";
import { buildCourse, courseNode, enrolledLearner, QUIZ } from "../helpers/courses";

const env = courseNode();

const RIGHT: QuizAnswer[] = [
  { type: "single", questionId: "q1", optionId: "b" },
  { type: "multiple", questionId: "q2", optionIds: ["a", "b"] },
  { type: "true_false", questionId: "q3", value: false },
  { type: "short_answer", questionId: "q4", text: "Paris" },
];
/** Three of four right: a pass (70% needed), not a perfect one. */
const THREE_RIGHT: QuizAnswer[] = [...RIGHT.slice(0, 3), { type: "short_answer", questionId: "q4", text: "Lyon" }];

const QUIZ_REASONS = new Set(["quiz_correct_answers", "quiz_passed", "quiz_perfect"]);

/** What the learner's quizzes earned so far, per currency. */
async function quizEarnings(learner: TestAccount): Promise<{ xp: number; points: number }> {
  const sum = async (currency: "xp" | "points") => {
    const page = await api<LedgerPage>(env.url, "GET", `/api/me/ledger?currency=${currency}&limit=100`, {
      token: learner.accessToken,
    });
    expect(page.status).toBe(200);
    return page.body.entries.filter((e) => QUIZ_REASONS.has(e.reason)).reduce((total, e) => total + e.amount, 0);
  };
  return { xp: await sum("xp"), points: await sum("points") };
}

async function quizFor(): Promise<{
  learner: TestAccount;
  attempt: (answers: QuizAnswer[]) => Promise<QuizAttemptView>;
}> {
  const { course, lessons } = await buildCourse(env.url, env.instructor, [QUIZ]);
  const learner = await enrolledLearner(env.url, course.id);
  const path = `/api/courses/${course.id}/lessons/${lessons[0]!.id}/attempts`;
  const attempt = async (answers: QuizAnswer[]) => {
    const answer = await api<QuizAttemptView>(env.url, "POST", path, { token: learner.accessToken, body: { answers } });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  return { learner, attempt };
}

it("retaking a passed quiz with the known answers earns no more points and no more XP", async () => {
  const { learner, attempt } = await quizFor();
  expect((await attempt(THREE_RIGHT)).passed).toBe(true);
  const first = {
    xp: AWARD_XP.quizPassed,
    points: 3 * AWARD_POINTS.perCorrectAnswer + AWARD_POINTS.quizPassed,
  };
  expect(await quizEarnings(learner)).toEqual(first);

  // The answers are known now: a script could send them again and again.
  for (let i = 0; i < 5; i++) expect((await attempt(THREE_RIGHT)).passed).toBe(true);
  expect(await quizEarnings(learner)).toEqual(first);
});

it("a retake that improves earns only the improvement: the new right answer and the perfect score's bonus", async () => {
  const { learner, attempt } = await quizFor();
  await attempt(THREE_RIGHT);
  const before = await quizEarnings(learner);

  expect((await attempt(RIGHT)).correct).toBe(4);
  const after = await quizEarnings(learner);
  // XP: best went from a pass to a perfect score, so the retake adds their difference only.
  expect(after.xp - before.xp).toBe(AWARD_XP.perfectQuizBonus);
  expect(after.points - before.points).toBe(AWARD_POINTS.perCorrectAnswer + AWARD_POINTS.perfectQuizBonus);

  // A worse retake, and the same perfect score again, change nothing.
  await attempt(RIGHT.slice(0, 1));
  await attempt(RIGHT);
  expect(await quizEarnings(learner)).toEqual(after);
});

it("concurrent retakes award each question, the pass and the perfect score once", async () => {
  const { learner, attempt } = await quizFor();
  const attempts = await Promise.all(Array.from({ length: 8 }, (_, i) => attempt(i % 2 ? RIGHT : THREE_RIGHT)));
  expect(new Set(attempts.map((a) => a.id)).size).toBe(8);
  expect(await quizEarnings(learner)).toEqual({
    xp: AWARD_XP.quizPassed + AWARD_XP.perfectQuizBonus,
    points: 4 * AWARD_POINTS.perCorrectAnswer + AWARD_POINTS.quizPassed + AWARD_POINTS.perfectQuizBonus,
  });
});
