import { classPollsSchema } from "@chalkline/shared";
import type { ApiSection } from "../../platform/api-description";

/** polls.routes.ts; polls are asked and answered over the socket (see /api/asyncapi.json). */
export const pollsApi: ApiSection = {
  tag: "polls",
  description: "The polls of a live class and their results.",
  operations: [
    {
      method: "get",
      path: "/api/live-classes/:liveClassId/polls",
      summary: "A class's closed polls with their results (names only for its instructors, in named polls)",
      auth: "bearer",
      responses: { 200: classPollsSchema },
      errors: ["not_found", "forbidden"],
    },
  ],
};
