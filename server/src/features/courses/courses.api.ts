import {
  catalogPageSchema,
  catalogQuerySchema,
  courseDetailsSchema,
  courseViewSchema,
  createCourseBodySchema,
  moduleBodySchema,
  outlineBodySchema,
  publishCourseBodySchema,
  updateCourseBodySchema,
} from "@chalkline/shared";
import { z } from "zod";
import type { ApiOperation, ApiSection } from "../../platform/api-description";

const course = (op: Omit<ApiOperation, "auth">): ApiOperation => ({ ...op, auth: "bearer" });

/** courses.routes.ts; the lessons inside a course are in lessons.api.ts. */
export const coursesApi: ApiSection = {
  tag: "courses",
  description: "The catalog, enrolment, and editing courses and their outline.",
  operations: [
    course({
      method: "get",
      path: "/api/courses",
      summary: "Published courses, newest first",
      query: catalogQuerySchema,
      responses: { 200: catalogPageSchema },
    }),
    course({
      method: "get",
      path: "/api/courses/mine",
      summary: "Courses the caller teaches or is enrolled in",
      responses: { 200: z.object({ courses: z.array(courseViewSchema) }) },
    }),
    course({
      method: "post",
      path: "/api/courses",
      summary: "Creates a draft course (instructors, admins)",
      body: createCourseBodySchema,
      responses: { 201: courseViewSchema },
    }),
    course({
      method: "get",
      path: "/api/courses/:id",
      summary: "The course page: outline and the caller's progress",
      responses: { 200: courseDetailsSchema },
    }),
    course({
      method: "patch",
      path: "/api/courses/:id",
      summary: "Changes the title, description or prices",
      body: updateCourseBodySchema,
      responses: { 200: courseViewSchema },
    }),
    course({
      method: "put",
      path: "/api/courses/:id/published",
      summary: "Publishes the course or takes it back to draft",
      body: publishCourseBodySchema,
      responses: { 200: courseViewSchema },
    }),
    course({
      method: "post",
      path: "/api/courses/:id/enroll",
      summary: "Enrols the caller in a free, published course",
      responses: { 200: courseViewSchema },
      errors: ["payment_required", "room_locked"],
    }),
    course({
      method: "post",
      path: "/api/courses/:id/modules",
      summary: "Adds a module; answers the whole course page",
      body: moduleBodySchema,
      responses: { 201: courseDetailsSchema },
      errors: ["conflict"],
    }),
    course({
      method: "patch",
      path: "/api/courses/:id/modules/:moduleId",
      summary: "Renames a module",
      body: moduleBodySchema,
      responses: { 200: courseDetailsSchema },
      errors: ["conflict"],
    }),
    course({
      method: "delete",
      path: "/api/courses/:id/modules/:moduleId",
      summary: "Deletes an empty module",
      responses: { 200: courseDetailsSchema },
      errors: ["conflict"],
    }),
    course({
      method: "put",
      path: "/api/courses/:id/outline",
      summary: "Reorders modules and lessons",
      body: outlineBodySchema,
      responses: { 200: courseDetailsSchema },
      errors: ["conflict"],
    }),
  ],
};
