import { type CompletionView, type CourseDetails, HEARTBEAT_MAX_SECONDS, type LessonProgress } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api } from "../helpers/clients";
import { buildCourse, courseNode, enrolledLearner, QUIZ, READING } from "../helpers/courses";

const env = courseNode();

it("lesson progress: start once, time credited no faster than real time, complete once", async () => {
  const { course, lessons } = await buildCourse(env.url, env.instructor, [READING, { ...READING, title: "More" }]);
  const learner = await enrolledLearner(env.url, course.id);
  const path = (lesson: number, action: string) => `/api/courses/${course.id}/lessons/${lessons[lesson]!.id}/${action}`;
  const call = <T>(lesson: number, action: string, body?: unknown) =>
    api<T>(env.url, "POST", path(lesson, action), { token: learner.accessToken, body });

  const started = (await call<LessonProgress>(0, "start")).body;
  expect(started).toMatchObject({ completedAt: null, timeSpentSeconds: 0 });
  expect((await call<LessonProgress>(0, "start")).body.startedAt).toBe(started.startedAt);

  // A client claiming hours is refused; one claiming a minute right away gets the seconds that passed.
  expect((await call(0, "heartbeat", { seconds: 3600 })).status).toBe(400);
  await new Promise((r) => setTimeout(r, 2_200));
  const beats = await Promise.all(
    [1, 2, 3].map(() => call<LessonProgress>(0, "heartbeat", { seconds: HEARTBEAT_MAX_SECONDS })),
  );
  const spent = Math.max(...beats.map((b) => b.body.timeSpentSeconds));
  expect(spent).toBeGreaterThanOrEqual(2);
  expect(spent).toBeLessThanOrEqual(3);

  const done = (await call<CompletionView>(0, "complete")).body;
  expect(done.course).toMatchObject({ completedLessons: 1, totalLessons: 2, percent: 50 });
  const again = (await call<CompletionView>(0, "complete")).body;
  expect(again.lesson.completedAt).toBe(done.lesson.completedAt);
  expect(again.course.completedLessons).toBe(1);

  // Completing a lesson never started starts it too.
  const last = (await call<CompletionView>(1, "complete")).body;
  expect(last.course).toMatchObject({ completedLessons: 2, totalLessons: 2, percent: 100 });
  const details = await api<CourseDetails>(env.url, "GET", `/api/courses/${course.id}`, { token: learner.accessToken });
  expect(details.body.progress?.lessons.filter((l) => l.completedAt)).toHaveLength(2);
  const mine = await api(env.url, "GET", "/api/me/course-progress", { token: learner.accessToken });
  expect(mine.body.courses).toEqual([
    { courseId: course.id, title: course.title, completedLessons: 2, totalLessons: 2, percent: 100 },
  ]);
});

it("progress is for enrolled learners; a quiz lesson completes only by passing it", async () => {
  const { course, lessons } = await buildCourse(env.url, env.instructor, [READING, QUIZ]);
  const learner = await enrolledLearner(env.url, course.id);
  const base = `/api/courses/${course.id}/lessons`;
  const byInstructor = await api(env.url, "POST", `${base}/${lessons[0]!.id}/start`, {
    token: env.instructor.accessToken,
  });
  expect(byInstructor.status).toBe(403);
  // The instructor previews the lesson, without progress.
  const preview = await api(env.url, "GET", `${base}/${lessons[0]!.id}`, { token: env.instructor.accessToken });
  expect(preview.body).toMatchObject({ title: "Reading", progress: null, nextLessonId: lessons[1]!.id });
  const quizDone = await api(env.url, "POST", `${base}/${lessons[1]!.id}/complete`, { token: learner.accessToken });
  expect(quizDone.body.error.code).toBe("forbidden");
  const elsewhere = await buildCourse(env.url, env.instructor, [READING]);
  const foreign = await api(env.url, "POST", `${base}/${elsewhere.lessons[0]!.id}/start`, {
    token: learner.accessToken,
  });
  expect(foreign.status).toBe(404);
});
