import { type CourseProgress, type LessonProgress, type MyCourseProgress, progressPercent } from "@chalkline/shared";
import { Course, type CourseDoc, Enrollment } from "./courses.model";
import { lessonIdsOf } from "./courses.outline";
import { type LessonProgressDoc, LessonProgressRecord } from "./progress.model";

export function toLessonProgress(doc: LessonProgressDoc): LessonProgress {
  return {
    lessonId: String(doc.lessonId),
    startedAt: doc.startedAt.toISOString(),
    completedAt: doc.completedAt?.toISOString() ?? null,
    timeSpentSeconds: doc.timeSpentSeconds,
  };
}

export async function lessonProgressOf(userId: string, lessonId: string): Promise<LessonProgress | null> {
  const doc = await LessonProgressRecord.findOne({ userId, lessonId });
  return doc ? toLessonProgress(doc) : null;
}

/** Completed lessons over the lessons the outline lists now; progress in removed lessons no longer counts. */
export async function courseProgress(course: CourseDoc, userId: string): Promise<CourseProgress> {
  const listed = lessonIdsOf(course);
  const docs = await LessonProgressRecord.find({ userId, courseId: course._id, lessonId: { $in: listed } });
  const completedLessons = docs.filter((d) => d.completedAt).length;
  return {
    courseId: course.id,
    completedLessons,
    totalLessons: listed.length,
    percent: progressPercent(completedLessons, listed.length),
    lessons: docs.map(toLessonProgress),
  };
}

/** Every course the user is enrolled in and may still see, with their progress; for the dashboard. */
export async function myCourseProgress(userId: string): Promise<MyCourseProgress> {
  const enrollments = await Enrollment.find({ userId }).sort({ createdAt: -1 }).limit(200);
  const courses = await Course.find({ _id: { $in: enrollments.map((e) => e.courseId) }, published: true });
  const completed = await LessonProgressRecord.find(
    { userId, courseId: { $in: courses.map((c) => c._id) }, completedAt: { $ne: null } },
    { lessonId: 1 },
  );
  const done = new Set(completed.map((d) => String(d.lessonId)));
  const byId = new Map(courses.map((c) => [c.id, c]));
  return {
    courses: enrollments.flatMap((e) => {
      const course = byId.get(String(e.courseId));
      if (!course) return [];
      const listed = lessonIdsOf(course);
      const completedLessons = listed.filter((id) => done.has(id)).length;
      return [
        {
          courseId: course.id,
          title: course.title,
          completedLessons,
          totalLessons: listed.length,
          percent: progressPercent(completedLessons, listed.length),
        },
      ];
    }),
  };
}
