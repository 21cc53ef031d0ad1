import {
  AWARD_POINTS,
  type LedgerPage,
  type QuizAnswer,
  type QuizAttemptView,
  type QuizStats,
} from "@chalkline/shared";
import mongoose from "mongoose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, type TestAccount } from "../helpers/clients";
import { buildCourse, courseNode, enrolledLearner, expectStatus, QUIZ } from "../helpers/courses";
import { openStores, type Stores } from "../helpers/ledger";

const env = courseNode();
let stores: Stores;
beforeAll(async () => {
  stores = await openStores(env.names);
});
afterAll(() => stores?.close());

const RIGHT: QuizAnswer[] = [
  { type: "single", questionId: "q1", optionId: "b" },
  { type: "multiple", questionId: "q2", optionIds: ["a", "b"] },
  { type: "true_false", questionId: "q3", value: false },
  { type: "short_answer", questionId: "q4", text: "Paris" },
];
const THREE_RIGHT: QuizAnswer[] = [...RIGHT.slice(0, 3), { type: "short_answer", questionId: "q4", text: "Lyon" }];

async function pointsForAnswers(learner: TestAccount): Promise<number> {
  const page = await api<LedgerPage>(env.url, "GET", "/api/me/ledger?currency=points&limit=100", {
    token: learner.accessToken,
  });
  return expectStatus(page, 200, "ledger")
    .entries.filter((e) => e.reason === "quiz_correct_answers")
    .reduce((sum, e) => sum + e.amount, 0);
}

async function quiz() {
  const { course, lessons } = await buildCourse(env.url, env.instructor, [QUIZ]);
  const lessonId = lessons[0]!.id;
  const learner = await enrolledLearner(env.url, course.id);
  const base = `/api/courses/${course.id}/lessons/${lessonId}`;
  const attempt = async (answers: QuizAnswer[]) =>
    expectStatus(
      await api<QuizAttemptView>(env.url, "POST", `${base}/attempts`, {
        token: learner.accessToken,
        body: { answers },
      }),
      201,
      "attempt",
    );
  const stats = async () =>
    expectStatus(
      await api<QuizStats>(env.url, "GET", `${base}/stats`, { token: env.instructor.accessToken }),
      200,
      "stats",
    );
  const summary = () =>
    stores.db.collection<{ _id: string; questions: Record<string, string> }>("quizLearnerFirsts").findOne({
      _id: `${learner.user.id}:${lessonId}`,
    });
  return { lessonId, learner, attempt, stats, summary };
}

it("a retake reads the learner's first-correct summary, and one lost is rebuilt without paying twice", async () => {
  const { learner, attempt, summary } = await quiz();
  const first = await attempt(THREE_RIGHT);
  expect(await pointsForAnswers(learner)).toBe(3 * AWARD_POINTS.perCorrectAnswer);
  expect((await summary())?.questions).toEqual({ q1: first.id, q2: first.id, q3: first.id });

  // Lost: the claims themselves (quizFirstCorrect) still decide, and the summary is written again.
  await stores.db.collection<{ _id: string }>("quizLearnerFirsts").deleteMany({});
  await attempt(THREE_RIGHT);
  expect(await pointsForAnswers(learner)).toBe(3 * AWARD_POINTS.perCorrectAnswer);
  expect((await summary())?.questions).toEqual({ q1: first.id, q2: first.id, q3: first.id });

  const perfect = await attempt(RIGHT);
  expect(await pointsForAnswers(learner)).toBe(4 * AWARD_POINTS.perCorrectAnswer);
  expect((await summary())?.questions).toEqual({ q1: first.id, q2: first.id, q3: first.id, q4: perfect.id });
});

it("the statistics count every attempt once, appended without reading the chain, also after the head hint lags", async () => {
  const { lessonId, attempt, stats } = await quiz();
  await Promise.all(Array.from({ length: 6 }, (_, i) => attempt(i % 2 ? RIGHT : THREE_RIGHT)));
  const tallies = stores.db.collection("quizTallies");
  const lesson = { lessonId: new mongoose.Types.ObjectId(lessonId) };
  // Appends leave the fold to the statistics' readers.
  expect((await tallies.findOne(lesson))?.seq).toBe(0);

  // A hint that lags (a node died between an append and its hint): appends walk past the taken positions.
  await tallies.updateOne(lesson, { $set: { head: 2 } });
  await attempt(RIGHT);
  await attempt(THREE_RIGHT);
  expect((await tallies.findOne(lesson))?.head).toBe(8);
  const after = await stats();
  expect(after.attempts).toBe(8);
  expect(after.passed).toBe(8);
  expect(after.questions.find((q) => q.questionId === "q4")?.correct).toBe(4);
  expect((await stats()).attempts).toBe(8);
});
