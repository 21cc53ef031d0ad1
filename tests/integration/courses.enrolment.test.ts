import type { CourseView, RoomView } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api, registerUser } from "../helpers/clients";
import { buildCourse, courseNode, READING } from "../helpers/courses";

const env = courseNode();

it("free courses enroll once, however often asked, and the learner joins the class room", async () => {
  const { course } = await buildCourse(env.url, env.instructor, [READING]);
  const learner = await registerUser(env.url);
  const enroll = () =>
    api<CourseView>(env.url, "POST", `/api/courses/${course.id}/enroll`, { token: learner.accessToken });
  const [once, twice] = await Promise.all([enroll(), enroll()]);
  expect([once.status, twice.status]).toEqual([200, 200]);
  expect((await enroll()).body.enrolled).toBe(true);
  const rooms = await api<{ rooms: RoomView[] }>(env.url, "GET", "/api/rooms", { token: learner.accessToken });
  expect(rooms.body.rooms.filter((r) => r.id === course.classRoomId)).toHaveLength(1);
  const mine = await api(env.url, "GET", "/api/courses/mine", { token: learner.accessToken });
  expect(mine.body.courses.map((c: CourseView) => c.id)).toEqual([course.id]);
  const progress = await api(env.url, "GET", "/api/me/course-progress", { token: learner.accessToken });
  expect(progress.body.courses).toEqual([
    { courseId: course.id, title: course.title, completedLessons: 0, totalLessons: 1, percent: 0 },
  ]);
});

it("paid courses answer payment_required; drafts cannot be enrolled in", async () => {
  const paid = await buildCourse(env.url, env.instructor, [READING], { priceCents: 1900 });
  expect(paid.course.priceCents).toBe(1900);
  const draft = await buildCourse(env.url, env.instructor, [READING], { publish: false });
  const learner = await registerUser(env.url);
  const refused = await api(env.url, "POST", `/api/courses/${paid.course.id}/enroll`, { token: learner.accessToken });
  expect(refused.status).toBe(402);
  expect(refused.body.error.code).toBe("payment_required");
  const hidden = await api(env.url, "POST", `/api/courses/${draft.course.id}/enroll`, { token: learner.accessToken });
  expect(hidden.status).toBe(404);
  const rooms = await api<{ rooms: RoomView[] }>(env.url, "GET", "/api/rooms", { token: learner.accessToken });
  expect(rooms.body.rooms.map((r) => r.kind)).toEqual(["lobby"]);
  // Lessons of a course one is not enrolled in stay closed.
  const lesson = await api(env.url, "GET", `/api/courses/${paid.course.id}/lessons/${paid.lessons[0]!.id}`, {
    token: learner.accessToken,
  });
  expect(lesson.status).toBe(403);
});
