import { type QuizAnswer, REPEATED_FAILURES } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { buildCourse, enrolledLearner, expectStatus, QUIZ, registerInstructor } from "../helpers/courses";
import { linkWithCode } from "../helpers/guardians";
import { studyAlertNotices, studyCluster } from "../helpers/study";

const cluster = studyCluster(2);
const WRONG: QuizAnswer[] = [
  { type: "single", questionId: "q1", optionId: "a" },
  { type: "multiple", questionId: "q2", optionIds: ["a"] },
  { type: "true_false", questionId: "q3", value: true },
  { type: "short_answer", questionId: "q4", text: "Lyon" },
];

it("a learner failing one quiz three times tells the course's instructor and each guardian once, on any node, and not one who switched it off", {
  timeout: 90_000,
}, async () => {
  const [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
  const instructor = await registerInstructor(a);
  const built = await buildCourse(a, instructor, [QUIZ]);
  const courseId = built.course.id;
  const quiz = built.lessons[0]!;
  const learner = await enrolledLearner(a, courseId);
  const guardian = await registerUser(b, "guardian");
  const quiet = await registerUser(b, "guardian");
  for (const g of [guardian, quiet]) await linkWithCode(a, learner, g);
  const off = await api(b, "PATCH", "/api/me", {
    token: quiet.accessToken,
    body: { notificationsOff: ["study_alert"] },
  });
  expect(off.body).toMatchObject({ notificationsOff: ["study_alert"] });
  const watchers: TestAccount[] = [instructor, guardian, quiet];

  const path = `/api/courses/${courseId}/lessons/${quiz.id}/attempts`;
  const attempt = async (url: string, requestId: string) => {
    const res = await api<{ passed: boolean }>(url, "POST", path, {
      token: learner.accessToken,
      body: { answers: WRONG, requestId },
    });
    expect(expectStatus(res, 201, "attempt").passed).toBe(false);
  };
  // Short of the threshold: nobody hears anything.
  for (let i = 1; i < REPEATED_FAILURES; i++) await attempt(i % 2 ? a : b, `failed-attempt-${i}`);
  for (const w of watchers) expect(await studyAlertNotices(a, w)).toEqual([]);

  // The attempt that reaches it, sent to both nodes at once (a client resending it): each check
  // finds the same alert, and only one of them tells each watcher. A failed attempt answers once
  // its alert is told, so what the watchers hold now is final.
  const last = `failed-attempt-${REPEATED_FAILURES}`;
  await Promise.all([attempt(a, last), attempt(b, last), attempt(a, last)]);

  for (const w of [instructor, guardian]) {
    const told = await studyAlertNotices(b, w);
    expect(told, w.user.displayName).toHaveLength(1);
    expect(told[0]!.text).toContain(learner.user.displayName);
    expect(told[0]!.text).toContain(`Failed the same quiz ${REPEATED_FAILURES} times`);
  }
  expect(await studyAlertNotices(a, quiet)).toEqual([]);

  // The alert they were told of is the one in their list.
  const listed = await api<{ alerts: { rule: string; learnerId: string }[] }>(a, "GET", "/api/study/alerts", {
    token: guardian.accessToken,
  });
  expect(listed.body.alerts).toContainEqual(
    expect.objectContaining({ rule: "repeated_failures", learnerId: learner.user.id }),
  );
});
