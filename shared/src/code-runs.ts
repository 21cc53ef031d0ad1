import { z } from "zod";
import { objectIdSchema } from "./accounts";

/**
 * Running learners' code in a WebAssembly sandbox (Pyodide for Python, QuickJS for JavaScript):
 * a run's output, the tests of a code exercise, graded attempts and their statistics.
 */

export const RUNNABLE_LANGUAGES = ["python", "javascript"] as const;
export const runnableLanguageSchema = z.enum(RUNNABLE_LANGUAGES);
export type RunnableLanguage = z.infer<typeof runnableLanguageSchema>;

export function isRunnable(language: string): language is RunnableLanguage {
  return (RUNNABLE_LANGUAGES as readonly string[]).includes(language);
}

export const MAX_RUN_CODE_CHARS = 50_000;
/** Output past this is cut: a print loop must not flood the page, the socket or an attempt record. */
export const MAX_RUN_OUTPUT_CHARS = 20_000;
export const MAX_TESTS_CHARS = 20_000;
export const MAX_TESTS_PER_KIND = 50;

/** Why a run was stopped before its end. */
export const runStopSchema = z.enum(["time", "memory"]);
export type RunStop = z.infer<typeof runStopSchema>;

/** An uncaught error, with the line of the learner's file it was raised on when that is known. */
export const runErrorSchema = z.object({ message: z.string(), line: z.number().int().min(1).nullable() });
export type RunError = z.infer<typeof runErrorSchema>;

export const runOutputSchema = z.object({
  stdout: z.string().max(MAX_RUN_OUTPUT_CHARS + 100),
  stderr: z.string().max(MAX_RUN_OUTPUT_CHARS + 100),
  error: runErrorSchema.nullable(),
  /** Set when the sandbox stopped the code at a limit; `limitNote` says which. */
  stopped: runStopSchema.nullable(),
  durationMs: z.number().int().min(0),
});
export type RunOutput = z.infer<typeof runOutputSchema>;

/**
 * An exercise's tests, as the instructor writes them: one assertion a line. Python lines are
 * `assert_equal(expression, expected)`; JavaScript lines are `expect(expression).toBe(expected)`
 * (or `.toEqual`). Values are compared as data (numbers, strings, booleans, lists, dicts / objects).
 * Hidden tests are graded on the server only and never sent to a learner.
 */
export const exerciseTestsSchema = z.strictObject({
  visible: z.string().max(MAX_TESTS_CHARS).default(""),
  hidden: z.string().max(MAX_TESTS_CHARS).default(""),
});
export type ExerciseTests = z.infer<typeof exerciseTestsSchema>;

/** One test's result. A hidden test is named by its number only and carries no message. */
export const testResultSchema = z.object({
  name: z.string(),
  hidden: z.boolean(),
  passed: z.boolean(),
  message: z.string(),
});
export type TestResult = z.infer<typeof testResultSchema>;

/** What the sandbox hands back after running code and, for an exercise, its tests. */
export const gradedRunSchema = z.object({ output: runOutputSchema, tests: z.array(testResultSchema) });
export type GradedRun = z.infer<typeof gradedRunSchema>;

/** POST /api/code-runs/courses/:id/lessons/:lessonId/attempts — the learner's file, graded on the server. */
export const submitCodeBodySchema = z.strictObject({
  code: z.string().max(MAX_RUN_CODE_CHARS),
  /** The client's id for this submission: sending it again answers the first attempt. */
  requestId: z
    .string()
    .regex(/^[\w-]{8,64}$/)
    .optional(),
});
export type SubmitCodeBody = z.infer<typeof submitCodeBodySchema>;

/** POST …/group-attempts — a study room's shared code document, graded for every member of the room. */
export const submitGroupCodeBodySchema = z.strictObject({ docId: objectIdSchema });
export type SubmitGroupCodeBody = z.infer<typeof submitGroupCodeBodySchema>;

/** A member's part of a group's code, from the document's attribution (whitespace not counted). */
export const codeShareSchema = z.object({
  lines: z.number().int().min(0),
  totalLines: z.number().int().min(0),
  chars: z.number().int().min(0),
  totalChars: z.number().int().min(0),
  /** Whole percent of the authored characters. */
  percent: z.number().int().min(0).max(100),
});
export type CodeShare = z.infer<typeof codeShareSchema>;

export const codeAttemptViewSchema = z.object({
  id: z.string(),
  lessonId: z.string(),
  userId: z.string(),
  passed: z.boolean(),
  passedTests: z.number().int().min(0),
  totalTests: z.number().int().min(0),
  tests: z.array(testResultSchema),
  output: runOutputSchema,
  /** Set on a group submission: the room, who submitted it, and this member's share of the code. */
  group: z
    .object({ roomId: z.string(), docId: z.string(), submittedBy: z.string(), share: codeShareSchema })
    .nullable(),
  createdAt: z.string(),
});
export type CodeAttemptView = z.infer<typeof codeAttemptViewSchema>;

export const codeAttemptListSchema = z.object({ attempts: z.array(codeAttemptViewSchema) });

/** GET …/stats — for the course's editors. */
export const codeExerciseStatsSchema = z.object({
  attempts: z.number().int().min(0),
  learners: z.number().int().min(0),
  passedLearners: z.number().int().min(0),
  /** Whole percent of learners who passed at least once. */
  passRate: z.number().int().min(0).max(100),
  /** Mean number of attempts up to and including the first pass, over learners who passed. */
  attemptsToPass: z.number().min(0).nullable(),
  /** Tests by how often they failed, most first (hidden tests included, by their source). */
  mostFailed: z.array(z.object({ name: z.string(), hidden: z.boolean(), failures: z.number().int().min(1) })),
  /** Recent group submissions with each member's share. */
  groups: z.array(
    z.object({
      roomId: z.string(),
      submittedBy: z.string(),
      passed: z.boolean(),
      createdAt: z.string(),
      members: z.array(z.object({ userId: z.string(), displayName: z.string(), share: codeShareSchema })),
    }),
  ),
});
export type CodeExerciseStats = z.infer<typeof codeExerciseStatsSchema>;

/**
 * The last run of a shared code document, kept in the document itself under `LAST_RUN_MAP`, so
 * everyone in the room sees it (and who ran it) through the collaboration channel they already have.
 * Readers check it against this schema: any member can write to the document.
 */
export const LAST_RUN_MAP = "lastRun";
export const sharedRunSchema = z.object({
  language: runnableLanguageSchema,
  output: runOutputSchema,
  by: z.object({ id: z.string(), name: z.string().max(120) }),
  at: z.string(),
});
export type SharedRun = z.infer<typeof sharedRunSchema>;
