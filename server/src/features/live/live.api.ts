import {
  attendanceListSchema,
  liveClassViewSchema,
  scheduleLiveClassBodySchema,
  upcomingClassListSchema,
} from "@chalkline/shared";
import { z } from "zod";
import type { ApiSection } from "../../platform/api-description";

/** live.routes.ts; the class itself runs over the socket (see /api/asyncapi.json). */
export const liveApi: ApiSection = {
  tag: "live",
  description: "Scheduling live classes and their attendance.",
  operations: [
    {
      method: "get",
      path: "/api/rooms/:roomId/live-classes",
      summary: "The room's live classes, latest first",
      auth: "bearer",
      responses: { 200: z.object({ liveClasses: z.array(liveClassViewSchema) }) },
    },
    {
      method: "post",
      path: "/api/rooms/:roomId/live-classes",
      summary: "Schedules a live class in a class room (its moderators)",
      auth: "bearer",
      body: scheduleLiveClassBodySchema,
      responses: { 201: liveClassViewSchema },
      errors: ["conflict"],
    },
    {
      method: "get",
      path: "/api/me/live-classes",
      summary: "The caller's classes live now or still to come, soonest first",
      auth: "bearer",
      responses: { 200: upcomingClassListSchema },
    },
    {
      method: "get",
      path: "/api/live-classes/:liveClassId/attendance",
      summary: "Who attended a class and for how long (its moderators)",
      auth: "bearer",
      responses: { 200: attendanceListSchema },
    },
  ],
};
