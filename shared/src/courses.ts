import { z } from "zod";

export const courseViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  instructor: z.object({ id: z.string(), displayName: z.string() }),
  classRoomId: z.string(),
  /** The caller has enrolled as a learner (a course's instructor is not enrolled in it). */
  enrolled: z.boolean(),
  /** The caller may edit the course: its instructor, or an admin. */
  canEdit: z.boolean(),
  /** Drafts are seen only by those who may edit them. */
  published: z.boolean(),
  /** Null, or 0, when the course is free; paid courses are bought in the store. */
  priceCents: z.number().nullable(),
  pricePoints: z.number().nullable(),
  lessonCount: z.number(),
});
export type CourseView = z.infer<typeof courseViewSchema>;

/** A course costs something when either price is set above zero. */
export function isPaidCourse(course: { priceCents?: number | null; pricePoints?: number | null }): boolean {
  return (course.priceCents ?? 0) > 0 || (course.pricePoints ?? 0) > 0;
}

const MAX_PRICE = 10_000_000;
const priceSchema = z.number().int().min(0).max(MAX_PRICE).nullable();

const titleSchema = z.string().trim().min(3).max(120);
const descriptionSchema = z.string().trim().max(2000);

/** POST /api/courses — a new course starts as a draft. */
export const createCourseBodySchema = z.strictObject({
  title: titleSchema,
  description: descriptionSchema.default(""),
  priceCents: priceSchema.default(null),
  pricePoints: priceSchema.default(null),
});
export type CreateCourseBody = z.infer<typeof createCourseBodySchema>;

/** PATCH /api/courses/:id — any of the fields given at creation. */
export const updateCourseBodySchema = z
  .strictObject({
    title: titleSchema.optional(),
    description: descriptionSchema.optional(),
    priceCents: priceSchema.optional(),
    pricePoints: priceSchema.optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), { message: "nothing to change" });
export type UpdateCourseBody = z.infer<typeof updateCourseBodySchema>;

/** PUT /api/courses/:id/published. */
export const publishCourseBodySchema = z.strictObject({ published: z.boolean() });

export const CATALOG_PAGE_SIZE = 12;

/** GET /api/courses — published courses, newest first, optionally those whose title matches `q`. */
export const catalogQuerySchema = z.strictObject({
  q: z.string().trim().max(60).default(""),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(CATALOG_PAGE_SIZE),
});
export type CatalogQuery = z.infer<typeof catalogQuerySchema>;

export const catalogPageSchema = z.object({
  courses: z.array(courseViewSchema),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
});
export type CatalogPage = z.infer<typeof catalogPageSchema>;
