import type { CatalogPage, CourseDetails } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api, registerUser } from "../helpers/clients";
import { loginDemo } from "../helpers/cluster";
import { buildCourse, courseNode, expectStatus, READING, registerInstructor } from "../helpers/courses";

const env = courseNode();

it("only the course's instructor or an admin edits it; learners cannot create courses", async () => {
  const { course, moduleId, lessons } = await buildCourse(env.url, env.instructor, [READING], { publish: false });
  const learner = await registerUser(env.url);
  const otherInstructor = await registerInstructor(env.url);
  const admin = await loginDemo(env.url, "admin");
  const lessonPath = `/api/courses/${course.id}/lessons/${lessons[0]!.id}`;

  const create = await api(env.url, "POST", "/api/courses", {
    token: learner.accessToken,
    body: { title: "Mine now" },
  });
  expect(create.status).toBe(403);

  // Another instructor does not even see the draft; once published, they see it but still cannot edit.
  expect((await api(env.url, "GET", `/api/courses/${course.id}`, { token: otherInstructor.accessToken })).status).toBe(
    404,
  );
  await api(env.url, "PUT", `/api/courses/${course.id}/published`, {
    token: env.instructor.accessToken,
    body: { published: true },
  });
  const attempts: Array<[string, string, unknown]> = [
    ["PATCH", `/api/courses/${course.id}`, { title: "Hijacked" }],
    ["PUT", `/api/courses/${course.id}/published`, { published: false }],
    ["POST", `/api/courses/${course.id}/modules`, { title: "Extra" }],
    ["PATCH", `/api/courses/${course.id}/modules/${moduleId}`, { title: "Renamed" }],
    ["POST", `/api/courses/${course.id}/modules/${moduleId}/lessons`, READING],
    ["PUT", lessonPath, { ...READING, title: "Changed" }],
    ["GET", `${lessonPath}/edit`, undefined],
    ["DELETE", lessonPath, undefined],
    ["GET", `${lessonPath}/stats`, undefined],
  ];
  for (const who of [learner, otherInstructor]) {
    for (const [method, path, body] of attempts) {
      const answer = await api(env.url, method, path, { token: who.accessToken, body });
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.code).toBe("forbidden");
    }
  }

  const renamed = await api(env.url, "PATCH", `/api/courses/${course.id}`, {
    token: admin.accessToken,
    body: { title: "Renamed by the admin", description: "Now with a description" },
  });
  expect(renamed.body).toMatchObject({ title: "Renamed by the admin", canEdit: true });
  const details = await api<CourseDetails>(env.url, "GET", `/api/courses/${course.id}`, { token: learner.accessToken });
  expect(details.body.course).toMatchObject({ title: "Renamed by the admin", canEdit: false, enrolled: false });
  expect(details.body.modules[0]!.lessons).toEqual([{ id: lessons[0]!.id, title: "Reading", kind: "markdown" }]);
});

it("modules and lessons are added, reordered across modules and deleted by the instructor", async () => {
  const token = env.instructor.accessToken;
  const { course, moduleId, lessons } = await buildCourse(env.url, env.instructor, [
    READING,
    { ...READING, title: "Second" },
  ]);
  const second = expectStatus(
    await api<CourseDetails>(env.url, "POST", `/api/courses/${course.id}/modules`, { token, body: { title: "Two" } }),
    201,
    "module",
  ).modules[1]!.id;
  const [first, other] = lessons.map((l) => l.id) as [string, string];
  const reordered = await api<CourseDetails>(env.url, "PUT", `/api/courses/${course.id}/outline`, {
    token,
    body: {
      modules: [
        { id: second, lessonIds: [other] },
        { id: moduleId, lessonIds: [first] },
      ],
    },
  });
  expect(reordered.body.modules.map((m) => [m.title, m.lessons.map((l) => l.title)])).toEqual([
    ["Two", ["Second"]],
    ["One", ["Reading"]],
  ]);
  // An outline that forgets a lesson, or names one twice, is refused whole.
  const partial = await api(env.url, "PUT", `/api/courses/${course.id}/outline`, {
    token,
    body: {
      modules: [
        { id: second, lessonIds: [other, other] },
        { id: moduleId, lessonIds: [] },
      ],
    },
  });
  expect(partial.body.error.code).toBe("conflict");
  const notEmpty = await api(env.url, "DELETE", `/api/courses/${course.id}/modules/${second}`, { token });
  expect(notEmpty.body.error.code).toBe("conflict");
  expect((await api(env.url, "DELETE", `/api/courses/${course.id}/lessons/${other}`, { token })).status).toBe(204);
  const emptied = await api<CourseDetails>(env.url, "DELETE", `/api/courses/${course.id}/modules/${second}`, { token });
  expect(emptied.body.modules.map((m) => m.title)).toEqual(["One"]);
  expect(emptied.body.course.lessonCount).toBe(1);
  expect((await api(env.url, "GET", `/api/courses/${course.id}/lessons/${other}/edit`, { token })).status).toBe(404);
  const invalid = await api(env.url, "POST", `/api/courses/${course.id}/modules/${moduleId}/lessons`, {
    token,
    body: { title: "Bad video", content: { kind: "video", url: "javascript:alert(1)" } },
  });
  expect(invalid.body.error.code).toBe("invalid_payload");
});

it("the catalog lists published courses only, searchable by title and paginated", async () => {
  const tag = `zebra${Date.now().toString(36)}`;
  const learner = await registerUser(env.url);
  const published = [];
  for (let i = 0; i < 3; i++) {
    published.push(await buildCourse(env.url, env.instructor, [READING], { title: `Course ${tag} ${i}` }));
  }
  const draft = await buildCourse(env.url, env.instructor, [READING], { title: `Draft ${tag}`, publish: false });
  const page = (q: string, n: number) =>
    api<CatalogPage>(env.url, "GET", `/api/courses?q=${encodeURIComponent(q)}&page=${n}&pageSize=2`, {
      token: learner.accessToken,
    });

  const first = (await page(tag.toUpperCase(), 1)).body;
  expect(first.total).toBe(3);
  expect(first.courses.map((c) => c.title)).toEqual([`Course ${tag} 2`, `Course ${tag} 1`]);
  expect((await page(tag, 2)).body.courses.map((c) => c.title)).toEqual([`Course ${tag} 0`]);
  expect((await page("(.*", 1)).body.total).toBe(0);
  expect((await api(env.url, "GET", `/api/courses/${draft.course.id}`, { token: learner.accessToken })).status).toBe(
    404,
  );

  // Unpublishing hides a course from the catalog again, and drafts stay on their instructor's list.
  await api(env.url, "PUT", `/api/courses/${published[0]!.course.id}/published`, {
    token: env.instructor.accessToken,
    body: { published: false },
  });
  expect((await page(tag, 1)).body.total).toBe(2);
  const mine = await api(env.url, "GET", "/api/courses/mine", { token: env.instructor.accessToken });
  const mineIds = mine.body.courses.map((c: { id: string }) => c.id);
  expect(mineIds).toEqual(expect.arrayContaining([draft.course.id, published[0]!.course.id]));
});
