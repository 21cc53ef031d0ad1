import {
  type CatalogPage,
  type CatalogQuery,
  type CompletionView,
  type CourseDetails,
  type CourseView,
  catalogPageSchema,
  completionViewSchema,
  courseDetailsSchema,
  courseViewSchema,
  type LessonBody,
  type LessonEditView,
  type LessonProgress,
  type LessonView,
  lessonEditViewSchema,
  lessonProgressSchema,
  lessonViewSchema,
  type MyCourseProgress,
  myCourseProgressSchema,
  type OutlineBody,
  type QuizAnswer,
  type QuizAttemptView,
  type QuizStats,
  quizAttemptViewSchema,
  quizStatsSchema,
  type UpdateCourseBody,
} from "@chalkline/shared";
import { z } from "zod";
import { authed, query } from "./client";

// Courses: the catalog, course pages, lessons, progress and quizzes.
const attemptListSchema = z.object({ attempts: z.array(quizAttemptViewSchema) });
const course = (id: string) => `/api/courses/${encodeURIComponent(id)}`;
const lesson = (courseId: string, lessonId: string) => `${course(courseId)}/lessons/${encodeURIComponent(lessonId)}`;

export const coursesApi = {
  /** Published courses, newest first. */
  catalog: (params: Partial<CatalogQuery>): Promise<CatalogPage> =>
    authed("GET", `/api/courses${query(params)}`, { schema: catalogPageSchema }),
  details: (id: string): Promise<CourseDetails> => authed("GET", course(id), { schema: courseDetailsSchema }),
  myProgress: (): Promise<MyCourseProgress> =>
    authed("GET", "/api/me/course-progress", { schema: myCourseProgressSchema }),

  // Editing: the course's instructor or an admin. Outline edits answer the whole course page.
  update: (id: string, body: UpdateCourseBody): Promise<CourseView> =>
    authed("PATCH", course(id), { body, schema: courseViewSchema }),
  setPublished: (id: string, published: boolean): Promise<CourseView> =>
    authed("PUT", `${course(id)}/published`, { body: { published }, schema: courseViewSchema }),
  addModule: (id: string, title: string): Promise<CourseDetails> =>
    authed("POST", `${course(id)}/modules`, { body: { title }, schema: courseDetailsSchema }),
  renameModule: (id: string, moduleId: string, title: string): Promise<CourseDetails> =>
    authed("PATCH", `${course(id)}/modules/${encodeURIComponent(moduleId)}`, {
      body: { title },
      schema: courseDetailsSchema,
    }),
  /** Only empty modules; errors: `conflict`. */
  deleteModule: (id: string, moduleId: string): Promise<CourseDetails> =>
    authed("DELETE", `${course(id)}/modules/${encodeURIComponent(moduleId)}`, { schema: courseDetailsSchema }),
  /** Errors: `conflict` when the outline changed meanwhile. */
  reorder: (id: string, body: OutlineBody): Promise<CourseDetails> =>
    authed("PUT", `${course(id)}/outline`, { body, schema: courseDetailsSchema }),
  createLesson: (id: string, moduleId: string, body: LessonBody): Promise<LessonEditView> =>
    authed("POST", `${course(id)}/modules/${encodeURIComponent(moduleId)}/lessons`, {
      body,
      schema: lessonEditViewSchema,
    }),
  lessonForEdit: (id: string, lessonId: string): Promise<LessonEditView> =>
    authed("GET", `${lesson(id, lessonId)}/edit`, { schema: lessonEditViewSchema }),
  updateLesson: (id: string, lessonId: string, body: LessonBody): Promise<LessonEditView> =>
    authed("PUT", lesson(id, lessonId), { body, schema: lessonEditViewSchema }),
  deleteLesson: (id: string, lessonId: string): Promise<void> => authed("DELETE", lesson(id, lessonId)),
  quizStats: (id: string, lessonId: string): Promise<QuizStats> =>
    authed("GET", `${lesson(id, lessonId)}/stats`, { schema: quizStatsSchema }),

  // Learning: quizzes come without their answers; progress is recorded for enrolled learners.
  lesson: (id: string, lessonId: string): Promise<LessonView> =>
    authed("GET", lesson(id, lessonId), { schema: lessonViewSchema }),
  start: (id: string, lessonId: string): Promise<LessonProgress> =>
    authed("POST", `${lesson(id, lessonId)}/start`, { schema: lessonProgressSchema }),
  /** Visible seconds since the last beat; the server credits no more than the time that passed. */
  heartbeat: (id: string, lessonId: string, seconds: number): Promise<LessonProgress> =>
    authed("POST", `${lesson(id, lessonId)}/heartbeat`, { body: { seconds }, schema: lessonProgressSchema }),
  complete: (id: string, lessonId: string): Promise<CompletionView> =>
    authed("POST", `${lesson(id, lessonId)}/complete`, { schema: completionViewSchema }),
  /** One submission: its requestId makes a resend (the token refreshed on the way) the same attempt. */
  submitQuiz: (id: string, lessonId: string, answers: QuizAnswer[]): Promise<QuizAttemptView> =>
    authed("POST", `${lesson(id, lessonId)}/attempts`, {
      body: { answers, requestId: crypto.randomUUID() },
      schema: quizAttemptViewSchema,
    }),
  /** The caller's attempts, newest first. */
  attempts: async (id: string, lessonId: string): Promise<QuizAttemptView[]> =>
    (await authed("GET", `${lesson(id, lessonId)}/attempts`, { schema: attemptListSchema })).attempts,
};
