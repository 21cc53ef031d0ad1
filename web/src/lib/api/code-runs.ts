import {
  type CodeAttemptView,
  type CodeExerciseStats,
  codeAttemptViewSchema,
  codeExerciseStatsSchema,
} from "@chalkline/shared";
import { authed } from "./client";

// Code exercises graded on the server.
const exercise = (courseId: string, lessonId: string) =>
  `/api/code-runs/courses/${encodeURIComponent(courseId)}/lessons/${encodeURIComponent(lessonId)}`;

export const codeRunsApi = {
  /** One submission: its requestId makes a resend the same attempt, graded once. */
  submit: (courseId: string, lessonId: string, code: string): Promise<CodeAttemptView> =>
    authed("POST", `${exercise(courseId, lessonId)}/attempts`, {
      body: { code, requestId: crypto.randomUUID() },
      schema: codeAttemptViewSchema,
    }),
  /** Pass rate, attempts to pass, the tests failed most and group grades: for the course's editors. */
  stats: (courseId: string, lessonId: string): Promise<CodeExerciseStats> =>
    authed("GET", `${exercise(courseId, lessonId)}/stats`, { schema: codeExerciseStatsSchema }),
};
