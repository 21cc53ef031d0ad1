import { AppError } from "../../platform/errors";
import type { Actor } from "../rooms/rooms.access";
import { Course, type CourseDoc, Enrollment } from "./courses.model";

/** A course's instructor and admins edit it; nobody else. */
export function canEdit(course: CourseDoc, actor: Actor): boolean {
  return actor.role === "admin" || String(course.instructorId) === actor.id;
}

/** The course when the actor may see it. Drafts are answered `not_found` to others, so they do not leak. */
export async function courseForViewer(courseId: string, actor: Actor): Promise<CourseDoc> {
  const course = await Course.findById(courseId);
  if (!course || !(course.published || canEdit(course, actor))) throw new AppError("not_found", "no such course");
  return course;
}

export async function courseForEditor(courseId: string, actor: Actor): Promise<CourseDoc> {
  const course = await courseForViewer(courseId, actor);
  if (!canEdit(course, actor)) throw new AppError("forbidden", "only the course's instructor or an admin can edit it");
  return course;
}

export function isEnrolled(courseId: string, userId: string): Promise<boolean> {
  return Enrollment.exists({ courseId, userId }).then(Boolean);
}

/** Lesson content is for enrolled learners, and for editors previewing it. */
export async function courseForReader(
  courseId: string,
  actor: Actor,
): Promise<{ course: CourseDoc; enrolled: boolean }> {
  const course = await courseForViewer(courseId, actor);
  const enrolled = await isEnrolled(courseId, actor.id);
  if (!enrolled && !canEdit(course, actor)) throw new AppError("forbidden", "enroll in the course first");
  return { course, enrolled };
}

/** Progress and quiz attempts are recorded for enrolled learners only; an instructor's preview records nothing. */
export async function courseForLearner(courseId: string, actor: Actor): Promise<CourseDoc> {
  const course = await courseForViewer(courseId, actor);
  if (!(await isEnrolled(courseId, actor.id))) throw new AppError("forbidden", "enroll in the course first");
  return course;
}
