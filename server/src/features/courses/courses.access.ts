import { AppError } from "../../platform/errors";
import type { Actor } from "../rooms/rooms.access";
import { hasPlus } from "../subscriptions/plus.access";
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

export async function isEnrolled(courseId: string, userId: string): Promise<boolean> {
  const enrolment = await Enrollment.findOne({ courseId, userId }, { viaPlus: 1 }).lean();
  if (!enrolment) return false;
  // An enrolment through Plus counts while Plus does, even before the one taking it back has run.
  return !enrolment.viaPlus || hasPlus(userId);
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
