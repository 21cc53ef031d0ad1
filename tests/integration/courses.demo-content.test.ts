import type { CatalogPage, CourseDetails, LessonView } from "@chalkline/shared";
import { expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../server/src/seed/demo";
import { api, login } from "../helpers/clients";
import { courseNode } from "../helpers/courses";

const env = courseNode();

it("the demo course is published with a lesson of every kind and a quiz of every question type", async () => {
  const lena = DEMO_USERS.find((u) => u.email.startsWith("lena"))!;
  const learner = await login(env.url, lena.email, DEMO_PASSWORD);
  const token = learner.accessToken;
  const catalog = await api<CatalogPage>(env.url, "GET", "/api/courses?q=Introduction", { token });
  const [course] = catalog.body.courses;
  expect(course).toMatchObject({ title: "Introduction to Programming", published: true, enrolled: true });

  const details = await api<CourseDetails>(env.url, "GET", `/api/courses/${course!.id}`, { token });
  const lessons = details.body.modules.flatMap((m) => m.lessons);
  expect(new Set(lessons.map((l) => l.kind))).toEqual(new Set(["markdown", "video", "code", "quiz"]));
  const quizId = lessons.find((l) => l.kind === "quiz")!.id;
  const quiz = await api<LessonView>(env.url, "GET", `/api/courses/${course!.id}/lessons/${quizId}`, { token });
  if (quiz.body.content.kind !== "quiz") throw new Error("not a quiz");
  expect(quiz.body.content.quiz.questions.map((q) => q.type).sort()).toEqual([
    "multiple",
    "short_answer",
    "single",
    "true_false",
  ]);
});
