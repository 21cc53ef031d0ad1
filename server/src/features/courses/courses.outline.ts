import type { CourseDoc } from "./courses.model";

/** Every lesson id of the course, in reading order. */
export function lessonIdsOf(course: CourseDoc): string[] {
  return course.modules.flatMap((m) => m.lessonIds.map(String));
}

/** Where a lesson sits in the outline, with its neighbours in reading order; null when not listed. */
export function locateLesson(
  course: CourseDoc,
  lessonId: string,
): { moduleId: string; previousLessonId: string | null; nextLessonId: string | null } | null {
  const holder = course.modules.find((m) => m.lessonIds.some((id) => String(id) === lessonId));
  if (!holder) return null;
  const order = lessonIdsOf(course);
  const index = order.indexOf(lessonId);
  return {
    moduleId: String(holder._id),
    previousLessonId: order[index - 1] ?? null,
    nextLessonId: order[index + 1] ?? null,
  };
}

export function findModule(course: CourseDoc, moduleId: string) {
  return course.modules.find((m) => String(m._id) === moduleId) ?? null;
}
