import {
  completionViewSchema,
  heartbeatBodySchema,
  lessonBodySchema,
  lessonEditViewSchema,
  lessonProgressSchema,
  lessonViewSchema,
  myCourseProgressSchema,
  quizAttemptViewSchema,
  quizStatsSchema,
  submitQuizBodySchema,
} from "@chalkline/shared";
import { z } from "zod";
import type { ApiOperation, ApiSection } from "../../platform/api-description";

const lesson = (op: Omit<ApiOperation, "auth">): ApiOperation => ({ ...op, auth: "bearer" });
const LESSON = "/api/courses/:id/lessons/:lessonId";

/** lessons.routes.ts. */
export const lessonsApi: ApiSection = {
  tag: "lessons",
  description: "Lessons of a course, the caller's progress in them, quiz attempts and statistics.",
  operations: [
    lesson({
      method: "get",
      path: "/api/me/course-progress",
      summary: "The caller's progress in each of their courses",
      responses: { 200: myCourseProgressSchema },
    }),
    lesson({
      method: "post",
      path: "/api/courses/:id/modules/:moduleId/lessons",
      summary: "Adds a lesson to a module",
      body: lessonBodySchema,
      responses: { 201: lessonEditViewSchema },
      errors: ["conflict"],
    }),
    lesson({
      method: "get",
      path: LESSON,
      summary: "A lesson as a learner reads it",
      responses: { 200: lessonViewSchema },
    }),
    lesson({
      method: "get",
      path: `${LESSON}/edit`,
      summary: "A lesson as its editor sees it, answers included",
      responses: { 200: lessonEditViewSchema },
    }),
    lesson({
      method: "put",
      path: LESSON,
      summary: "Replaces a lesson's title and content",
      body: lessonBodySchema,
      responses: { 200: lessonEditViewSchema },
    }),
    lesson({ method: "delete", path: LESSON, summary: "Deletes a lesson", responses: { 204: null } }),
    lesson({
      method: "post",
      path: `${LESSON}/start`,
      summary: "Records that the caller opened the lesson",
      responses: { 200: lessonProgressSchema },
    }),
    lesson({
      method: "post",
      path: `${LESSON}/heartbeat`,
      summary: "Adds reading time",
      body: heartbeatBodySchema,
      responses: { 200: lessonProgressSchema },
    }),
    lesson({
      method: "post",
      path: `${LESSON}/complete`,
      summary: "Completes the lesson (XP once)",
      responses: { 200: completionViewSchema },
    }),
    lesson({
      method: "post",
      path: `${LESSON}/attempts`,
      summary: "Submits a quiz attempt; a retried request id answers the first attempt",
      body: submitQuizBodySchema,
      responses: { 201: quizAttemptViewSchema },
      errors: ["conflict"],
    }),
    lesson({
      method: "get",
      path: `${LESSON}/attempts`,
      summary: "The caller's attempts at the quiz",
      responses: { 200: z.object({ attempts: z.array(quizAttemptViewSchema) }) },
    }),
    lesson({
      method: "get",
      path: `${LESSON}/stats`,
      summary: "How learners answered the quiz (its editors)",
      responses: { 200: quizStatsSchema },
    }),
  ],
};
