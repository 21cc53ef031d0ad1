import { type CodeAttemptView, codeAttemptViewSchema } from "@chalkline/shared";
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
};
