import { z } from "zod";

export const courseViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  instructor: z.object({ id: z.string(), displayName: z.string() }),
  classRoomId: z.string(),
  enrolled: z.boolean(),
});
export type CourseView = z.infer<typeof courseViewSchema>;

export const createCourseBodySchema = z.strictObject({
  title: z.string().trim().min(3).max(120),
  description: z.string().trim().max(2000).default(""),
});
