import { z } from "zod";
import { objectIdSchema } from "./accounts";
import { exerciseTestsSchema } from "./code-runs";
import { courseViewSchema } from "./courses";
import { learnerQuestionSchema, quizSchema } from "./quiz";
import { SCHEMA_MESSAGES } from "./schema-messages";

/**
 * A course's content: ordered modules of ordered lessons, each a markdown text, a video, a code
 * exercise or a quiz; and each learner's progress through them.
 */

export const LESSON_KINDS = ["markdown", "video", "code", "quiz"] as const;
export type LessonKind = (typeof LESSON_KINDS)[number];

export const EXERCISE_LANGUAGES = ["python", "javascript", "typescript", "html", "css", "text"] as const;
export const MAX_MARKDOWN_CHARS = 50_000;
export const MAX_STARTER_FILES = 10;
export const MAX_STARTER_FILE_CHARS = 20_000;
export const MAX_MODULES = 50;
export const MAX_CAPTION_TRACKS = 10;
export const MAX_LESSONS_PER_MODULE = 100;

const markdownSchema = z.string().max(MAX_MARKDOWN_CHARS);

/** Only web addresses: a `javascript:` or `data:` link would run in the player's page. */
export const videoUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine((url) => !/\s/.test(url), { message: SCHEMA_MESSAGES.webAddress });

export const starterFileSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .regex(/^[\w.-]{1,64}$/, { message: SCHEMA_MESSAGES.fileName }),
  content: z.string().max(MAX_STARTER_FILE_CHARS),
});

/**
 * A captions track of a video file (embedded players carry their own): a confirmed `lesson_captions`
 * upload of the course, in a language (a BCP 47 tag such as `en` or `pt-BR`) under a name the player lists.
 */
export const captionTrackSchema = z.strictObject({
  uploadId: objectIdSchema,
  language: z
    .string()
    .trim()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, { message: SCHEMA_MESSAGES.languageTag }),
  label: z.string().trim().min(1).max(60),
});
export type CaptionTrack = z.infer<typeof captionTrackSchema>;

/** What a lesson holds, by kind, as its instructor writes it. */
export const lessonContentSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("markdown"), body: markdownSchema }),
  z.strictObject({
    kind: z.literal("video"),
    url: videoUrlSchema,
    notes: markdownSchema.default(""),
    captions: z
      .array(captionTrackSchema)
      .max(MAX_CAPTION_TRACKS)
      .refine((tracks) => new Set(tracks.map((track) => track.uploadId)).size === tracks.length, {
        message: SCHEMA_MESSAGES.captionsOnce,
      })
      .optional(),
  }),
  z.strictObject({
    kind: z.literal("code"),
    language: z.enum(EXERCISE_LANGUAGES),
    instructions: markdownSchema,
    starterFiles: z.array(starterFileSchema).min(1).max(MAX_STARTER_FILES),
    /** Python and JavaScript exercises may be graded by tests (code-runs.ts); without them they are read and completed. */
    tests: exerciseTestsSchema.optional(),
  }),
  z.strictObject({ kind: z.literal("quiz"), quiz: quizSchema }),
]);
export type LessonContent = z.infer<typeof lessonContentSchema>;

const lessonTitleSchema = z.string().trim().min(1).max(120);

/** POST /api/courses/:id/modules/:moduleId/lessons and PUT /api/courses/:id/lessons/:lessonId. */
export const lessonBodySchema = z.strictObject({ title: lessonTitleSchema, content: lessonContentSchema });
export type LessonBody = z.infer<typeof lessonBodySchema>;

/** POST /api/courses/:id/modules and PATCH …/modules/:moduleId. */
export const moduleBodySchema = z.strictObject({ title: z.string().trim().min(1).max(120) });

/**
 * PUT /api/courses/:id/outline — the new order of every module and lesson. It must name exactly
 * the course's modules and lessons; lessons may move between modules.
 */
export const outlineBodySchema = z.strictObject({
  modules: z
    .array(z.strictObject({ id: objectIdSchema, lessonIds: z.array(objectIdSchema).max(MAX_LESSONS_PER_MODULE) }))
    .max(MAX_MODULES),
});
export type OutlineBody = z.infer<typeof outlineBodySchema>;

export const lessonSummarySchema = z.object({ id: z.string(), title: z.string(), kind: z.enum(LESSON_KINDS) });
export type LessonSummary = z.infer<typeof lessonSummarySchema>;

export const moduleViewSchema = z.object({ id: z.string(), title: z.string(), lessons: z.array(lessonSummarySchema) });
export type ModuleView = z.infer<typeof moduleViewSchema>;

export const lessonProgressSchema = z.object({
  lessonId: z.string(),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  timeSpentSeconds: z.number(),
});
export type LessonProgress = z.infer<typeof lessonProgressSchema>;

export const courseProgressSchema = z.object({
  courseId: z.string(),
  completedLessons: z.number(),
  totalLessons: z.number(),
  /** Whole percent, 0 for a course without lessons. */
  percent: z.number(),
  lessons: z.array(lessonProgressSchema),
});
export type CourseProgress = z.infer<typeof courseProgressSchema>;

/** Course progress as a whole number of percent; a course without lessons is at 0. */
export function progressPercent(completed: number, total: number): number {
  return total === 0 ? 0 : Math.floor((Math.min(completed, total) / total) * 100);
}

/** GET /api/courses/:id — the course, its outline, and the caller's progress when enrolled. */
export const courseDetailsSchema = z.object({
  course: courseViewSchema,
  modules: z.array(moduleViewSchema),
  progress: courseProgressSchema.nullable(),
});
export type CourseDetails = z.infer<typeof courseDetailsSchema>;

/** GET /api/me/course-progress — one row per enrolled course, for the dashboard. */
export const myCourseProgressSchema = z.object({
  courses: z.array(
    z.object({
      courseId: z.string(),
      title: z.string(),
      completedLessons: z.number(),
      totalLessons: z.number(),
      percent: z.number(),
    }),
  ),
});
export type MyCourseProgress = z.infer<typeof myCourseProgressSchema>;

/** A lesson as its editors see it, answers included. */
export const lessonEditViewSchema = z.object({
  id: z.string(),
  courseId: z.string(),
  moduleId: z.string(),
  title: z.string(),
  content: lessonContentSchema,
});
export type LessonEditView = z.infer<typeof lessonEditViewSchema>;

/** What a learner may see of a lesson's content: a quiz comes without its answers. */
export const learnerLessonContentSchema = z.discriminatedUnion("kind", [
  lessonContentSchema.options[0],
  lessonContentSchema.options[1],
  // A code exercise's hidden tests stay on the server.
  lessonContentSchema.options[2].extend({ tests: exerciseTestsSchema.pick({ visible: true }).optional() }),
  z.object({
    kind: z.literal("quiz"),
    quiz: z.object({ passPercent: z.number(), questions: z.array(learnerQuestionSchema) }),
  }),
]);
export type LearnerLessonContent = z.infer<typeof learnerLessonContentSchema>;

/** GET /api/courses/:id/lessons/:lessonId — a lesson in the player, with its neighbours and the caller's progress. */
export const lessonViewSchema = z.object({
  id: z.string(),
  courseId: z.string(),
  moduleId: z.string(),
  title: z.string(),
  content: learnerLessonContentSchema,
  previousLessonId: z.string().nullable(),
  nextLessonId: z.string().nullable(),
  /** Null for those who are not enrolled: editors previewing their course. */
  progress: lessonProgressSchema.nullable(),
});
export type LessonView = z.infer<typeof lessonViewSchema>;

/** The longest stretch one heartbeat may claim; the client beats more often than this. */
export const HEARTBEAT_MAX_SECONDS = 60;

/** POST …/lessons/:lessonId/heartbeat — seconds of visible time since the client's last beat. */
export const heartbeatBodySchema = z.strictObject({
  seconds: z.number().int().min(1).max(HEARTBEAT_MAX_SECONDS),
});

/** POST …/lessons/:lessonId/complete answers both: the lesson's state and the course's. */
export const completionViewSchema = z.object({ lesson: lessonProgressSchema, course: courseProgressSchema });
export type CompletionView = z.infer<typeof completionViewSchema>;
