import {
  codeAttemptListSchema,
  codeAttemptViewSchema,
  codeExerciseStatsSchema,
  submitCodeBodySchema,
  submitGroupCodeBodySchema,
} from "@chalkline/shared";
import type { ApiSection } from "../../platform/api-description";

const lesson = "/api/code-runs/courses/:id/lessons/:lessonId";
const signedIn = { auth: "bearer" } as const;

/** code-runs.routes.ts. */
export const codeRunsApi: ApiSection = {
  tag: "code-runs",
  description:
    "Graded code exercises: submissions run against visible and hidden tests in a WebAssembly sandbox on the server; hidden tests never appear in an answer to a learner.",
  operations: [
    {
      method: "post",
      path: `${lesson}/attempts`,
      summary: "Submits code for grading; a retried request answers with its first attempt",
      ...signedIn,
      body: submitCodeBodySchema,
      responses: { 201: codeAttemptViewSchema },
      errors: ["not_found", "forbidden", "conflict"],
    },
    {
      method: "get",
      path: `${lesson}/attempts`,
      summary: "The caller's attempts at a code exercise, newest first",
      ...signedIn,
      responses: { 200: codeAttemptListSchema },
      errors: ["not_found", "forbidden"],
    },
    {
      method: "post",
      path: `${lesson}/group-attempts`,
      summary:
        "Grades a study room's or breakout's shared code document for every enrolled member, each with their share of the code",
      ...signedIn,
      body: submitGroupCodeBodySchema,
      responses: { 201: codeAttemptListSchema },
      errors: ["not_found", "forbidden", "conflict"],
    },
    {
      method: "get",
      path: `${lesson}/stats`,
      summary: "The exercise's pass rate, attempts to pass and most failed tests, for its course's instructors",
      ...signedIn,
      responses: { 200: codeExerciseStatsSchema },
      errors: ["not_found", "forbidden"],
    },
  ],
};
