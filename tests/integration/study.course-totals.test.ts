import { type CourseStudyTotals, periodKeys, type StudyOverview } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api } from "../helpers/clients";
import { buildCourse, enrolledLearner, expectStatus, READING, registerInstructor } from "../helpers/courses";
import { LONG_FOCUS, seedSession, studyCluster } from "../helpers/study";

const cluster = studyCluster(1);

it("an enrolled course is a subject; its instructor sees the course's weekly focus totals, another instructor does not", {
  timeout: 60_000,
}, async () => {
  const url = cluster.nodes[0]!.url;
  const instructor = await registerInstructor(url);
  const built = await buildCourse(url, instructor, [READING]);
  const courseId = built.course.id;
  const learners = [await enrolledLearner(url, courseId), await enrolledLearner(url, courseId)];
  const startedAt = new Date(Date.now() - 60 * 60_000);
  for (const [i, learner] of learners.entries()) {
    const overview = expectStatus(
      await api<StudyOverview>(url, "GET", "/api/study", { token: learner.accessToken }),
      200,
      "overview",
    );
    expect(overview.subjects).toContainEqual(expect.objectContaining({ id: courseId, courseId, weeklyGoalMinutes: 0 }));
    await api(url, "PUT", "/api/study/settings", { token: learner.accessToken, body: LONG_FOCUS });
    if (i === 0) await seedSession(url, cluster.stores, learner, courseId, startedAt, 35);
  }

  const totals = expectStatus(
    await api<CourseStudyTotals>(url, "GET", `/api/courses/${courseId}/study-totals`, {
      token: instructor.accessToken,
    }),
    200,
    "totals",
  );
  expect(totals).toMatchObject({ courseId, learners: 2 });
  // The session's own UTC week: the one before the current week when this runs early on a Monday.
  const week = periodKeys(startedAt, "UTC").week;
  expect(totals.weeks.find((w) => w.week === week)).toMatchObject({ minutes: 35, learnersStudying: 1 });
  expect(totals.weeks.filter((w) => w.week !== week).every((w) => w.minutes === 0)).toBe(true);

  const other = await registerInstructor(url);
  const refused = await api(url, "GET", `/api/courses/${courseId}/study-totals`, { token: other.accessToken });
  expect(refused.status).toBe(403);
});
