import type { QuizAnswer, Recommendation, StudyAlert } from "@chalkline/shared";
import mongoose from "mongoose";
import { expect, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { buildCourse, enrolledLearner, expectStatus, QUIZ, READING, registerInstructor } from "../helpers/courses";
import { linkWithCode } from "../helpers/guardians";
import { addSubject, hourStart, LONG_FOCUS, onOneDay, seedSession, studyCluster } from "../helpers/study";

const cluster = studyCluster(1);
const DAY_MS = 86_400_000;
const HALF_RIGHT: QuizAnswer[] = [
  { type: "single", questionId: "q1", optionId: "a" },
  { type: "multiple", questionId: "q2", optionIds: ["a"] },
  { type: "true_false", questionId: "q3", value: false },
  { type: "short_answer", questionId: "q4", text: "Paris" },
];
const ALL_RIGHT: QuizAnswer[] = [
  { type: "single", questionId: "q1", optionId: "b" },
  { type: "multiple", questionId: "q2", optionIds: ["b", "a"] },
  { type: "true_false", questionId: "q3", value: false },
  { type: "short_answer", questionId: "q4", text: "paris" },
];

const url = () => cluster.nodes[0]!.url;

async function recommendations(learner: TestAccount): Promise<Recommendation[]> {
  const res = await api<{ recommendations: Recommendation[] }>(url(), "GET", "/api/study/recommendations", {
    token: learner.accessToken,
  });
  return expectStatus(res, 200, "recommendations").recommendations;
}

async function alerts(viewer: TestAccount): Promise<StudyAlert[]> {
  const res = await api<{ alerts: StudyAlert[] }>(url(), "GET", "/api/study/alerts", { token: viewer.accessToken });
  return expectStatus(res, 200, "alerts").alerts;
}

async function attempt(learner: TestAccount, courseId: string, lessonId: string, answers: QuizAnswer[]) {
  const path = `/api/courses/${courseId}/lessons/${lessonId}/attempts`;
  expectStatus(await api(url(), "POST", path, { token: learner.accessToken, body: { answers } }), 201, "attempt");
}

/**
 * Moves a learner's quiz attempts, or enrolments, to noon (UTC, new learners' zone) `days` days
 * before `now`'s day: that many calendar days back, whatever the time of day.
 */
async function backdate(learner: TestAccount, days: number, what: "quizAttempts" | "enrollments", now: Date) {
  const createdAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - days, 12));
  await cluster.stores.db
    .collection(what)
    .updateMany({ userId: new mongoose.Types.ObjectId(learner.user.id) }, { $set: { createdAt } });
}

async function longFocus(learner: TestAccount) {
  expectStatus(
    await api(url(), "PUT", "/api/study/settings", { token: learner.accessToken, body: LONG_FOCUS }),
    200,
    "settings",
  );
}

it("next lesson: the first uncompleted lesson of each enrolled course, and none for a finished course", {
  timeout: 60_000,
}, async () => {
  const instructor = await registerInstructor(url());
  const built = await buildCourse(url(), instructor, [READING, { ...READING, title: "Second reading" }]);
  const learner = await enrolledLearner(url(), built.course.id);
  const first = built.lessons[0]!;
  const second = built.lessons[1]!;
  const next = () => recommendations(learner).then((r) => r.filter((x) => x.rule === "next_lesson"));
  expect(await next()).toEqual([expect.objectContaining({ courseId: built.course.id, lessonId: first.id })]);
  for (const lesson of [first, second]) {
    const path = `/api/courses/${built.course.id}/lessons/${lesson.id}/complete`;
    expect((await api(url(), "POST", path, { token: learner.accessToken })).status).toBeLessThan(300);
    if (lesson === first) {
      expect(await next()).toEqual([
        expect.objectContaining({ lessonId: second.id, reason: expect.stringContaining("Second reading") }),
      ]);
    }
  }
  expect(await next()).toEqual([]);
});

it(
  "revision: a failed or weak quiz on days 1, 3, 7 and 14 after it, not between them nor after a good pass",
  {
    timeout: 60_000,
  },
  () =>
    onOneDay(async (now) => {
      const instructor = await registerInstructor(url());
      const built = await buildCourse(url(), instructor, [QUIZ]);
      const quiz = built.lessons[0]!;
      const failing = await enrolledLearner(url(), built.course.id);
      const passing = await enrolledLearner(url(), built.course.id);
      await attempt(failing, built.course.id, quiz.id, HALF_RIGHT);
      await attempt(passing, built.course.id, quiz.id, ALL_RIGHT);
      const revisions = (l: TestAccount) => recommendations(l).then((r) => r.filter((x) => x.rule === "revision"));

      expect(await revisions(failing)).toEqual([]); // the day of the attempt
      for (const [days, due] of [
        [1, true],
        [2, false],
        [3, true],
        [7, true],
        [10, false],
        [14, true],
        [15, false],
      ] as const) {
        await backdate(failing, days, "quizAttempts", now);
        const found = await revisions(failing);
        expect(
          found.map((r) => r.value),
          `${days} days after`,
        ).toEqual(due ? [days] : []);
      }
      await backdate(passing, 3, "quizAttempts", now);
      expect(await revisions(passing)).toEqual([]);
    }),
);

it(
  "usual study time and weekly goal: fire for the learner behind, not once a slot is planned or the goal is met",
  {
    timeout: 60_000,
  },
  () =>
    onOneDay(async (now) => {
      const learner = await registerUser(url());
      await longFocus(learner);
      const subject = await addSubject(url(), learner, "Geometry", 60);
      // Today and this week, even in the first minutes of a Monday.
      const startedAt = hourStart(now);
      await seedSession(url(), cluster.stores, learner, subject.id, startedAt, 20);
      const hour = startedAt.getUTCHours(); // new learners are on UTC
      const found = await recommendations(learner);
      expect(found).toContainEqual(expect.objectContaining({ rule: "usual_time", value: hour, params: { hour } }));
      expect(found).toContainEqual(
        expect.objectContaining({
          rule: "short_of_goal",
          subjectId: subject.id,
          value: 40,
          reason: expect.stringContaining("40 minutes short"),
          // What the app words the reason from, in the reader's language.
          params: { minutes: 40, subject: expect.any(String) },
        }),
      );

      const slot = { subjectId: subject.id, weekday: 1, startMinute: hour * 60, durationMinutes: 30 };
      expectStatus(
        await api(url(), "POST", "/api/study/slots", { token: learner.accessToken, body: slot }),
        201,
        "slot",
      );
      // Started in the same hour, so the usual hour stays the planned one.
      await seedSession(url(), cluster.stores, learner, subject.id, startedAt, 40);
      const after = await recommendations(learner);
      expect(after.filter((r) => r.rule === "usual_time" || r.rule === "short_of_goal")).toEqual([]);
    }),
);

it(
  "alerts: no progress while enrolled and repeated failures reach the instructor, a broken long streak the guardian; each can be dismissed",
  {
    timeout: 90_000,
  },
  () =>
    onOneDay(async (now) => {
      const instructor = await registerInstructor(url());
      const built = await buildCourse(url(), instructor, [QUIZ]);
      const quiz = built.lessons[0]!;
      const idle = await enrolledLearner(url(), built.course.id);
      const busy = await enrolledLearner(url(), built.course.id);
      await backdate(idle, 10, "enrollments", now);
      for (let i = 0; i < 3; i++) await attempt(busy, built.course.id, quiz.id, HALF_RIGHT);
      await attempt(idle, built.course.id, quiz.id, HALF_RIGHT);
      await attempt(idle, built.course.id, quiz.id, HALF_RIGHT);
      // The idle learner's attempts are old too: no progress in ten days.
      await backdate(idle, 10, "quizAttempts", now);

      const seen = await alerts(instructor);
      expect(seen.map((a) => [a.rule, a.learnerId]).sort()).toEqual(
        [
          ["no_progress", idle.user.id],
          ["repeated_failures", busy.user.id],
        ].sort(),
      );
      expect(seen.find((a) => a.rule === "repeated_failures")).toMatchObject({
        lessonId: quiz.id,
        learnerName: busy.user.displayName,
      });

      // Guardians: a five-day run that ended three days ago fires; a three-day run does not.
      const guardian = await registerUser(url(), "guardian");
      const steady = await registerUser(url());
      const short = await registerUser(url());
      for (const learner of [steady, short]) {
        await linkWithCode(url(), learner, guardian);
        await longFocus(learner);
        const subject = await addSubject(url(), learner);
        const days = learner === steady ? 5 : 3;
        for (let back = 3; back < 3 + days; back++) {
          await seedSession(url(), cluster.stores, learner, subject.id, new Date(now.getTime() - back * DAY_MS), 20);
        }
      }
      const guardianSees = await alerts(guardian);
      expect(guardianSees.map((a) => [a.rule, a.learnerId])).toEqual([["streak_broken", steady.user.id]]);
      expect(guardianSees[0]!.message).toContain("5-day");

      const dismissed = await api(
        url(),
        "POST",
        `/api/study/alerts/${encodeURIComponent(guardianSees[0]!.id)}/dismiss`,
        {
          token: guardian.accessToken,
        },
      );
      expect(dismissed.status).toBe(204);
      expect(await alerts(guardian)).toEqual([]);
      const noProgress = seen.find((a) => a.rule === "no_progress")!;
      await api(url(), "POST", `/api/study/alerts/${encodeURIComponent(noProgress.id)}/dismiss`, {
        token: instructor.accessToken,
      });
      expect((await alerts(instructor)).map((a) => a.rule)).toEqual(["repeated_failures"]);
      // Learners get no alerts.
      expect((await api(url(), "GET", "/api/study/alerts", { token: steady.accessToken })).status).toBe(403);
    }),
);
