import type { CourseDetails, CourseProgress, CourseView, LessonKind } from "@chalkline/shared";
import type { Types } from "mongoose";
import type { Actor } from "../rooms/rooms.access";
import { userRefs } from "../rooms/rooms.view";
import { canEdit } from "./courses.access";
import { type CourseDoc, Enrollment } from "./courses.model";
import { lessonIdsOf } from "./courses.outline";
import { Lesson } from "./lessons.model";

/** Courses as `actor` sees them, with instructors' names and the actor's enrolments in two queries. */
export async function toCourseViews(courses: CourseDoc[], actor: Actor): Promise<CourseView[]> {
  const [instructors, enrollments] = await Promise.all([
    userRefs(courses.map((c) => String(c.instructorId))),
    Enrollment.find({ userId: actor.id, courseId: { $in: courses.map((c) => c._id) } }),
  ]);
  const enrolled = new Set(enrollments.map((e) => String(e.courseId)));
  return courses.map((c) => ({
    id: c.id,
    title: c.title,
    description: c.description,
    instructor: {
      id: String(c.instructorId),
      displayName: instructors.get(String(c.instructorId))?.displayName ?? "—",
    },
    classRoomId: String(c.classRoomId),
    enrolled: enrolled.has(c.id),
    canEdit: canEdit(c, actor),
    published: c.published,
    priceCents: c.priceCents ?? null,
    pricePoints: c.pricePoints ?? null,
    lessonCount: lessonIdsOf(c).length,
  }));
}

export async function toCourseView(course: CourseDoc, actor: Actor): Promise<CourseView> {
  const [view] = await toCourseViews([course], actor);
  return view!;
}

/** The course page: the course, its modules with their lessons' titles and kinds, and the caller's progress. */
export async function toCourseDetails(
  course: CourseDoc,
  actor: Actor,
  progress: CourseProgress | null,
): Promise<CourseDetails> {
  const lessons = await Lesson.find({ _id: { $in: lessonIdsOf(course) } }, { title: 1, "content.kind": 1 }).lean<
    Array<{ _id: Types.ObjectId; title: string; content: { kind: LessonKind } }>
  >();
  const byId = new Map(lessons.map((l) => [String(l._id), { title: l.title, kind: l.content.kind }]));
  return {
    course: await toCourseView(course, actor),
    modules: course.modules.map((m) => ({
      id: String(m._id),
      title: m.title,
      lessons: m.lessonIds.flatMap((id) => {
        const lesson = byId.get(String(id));
        return lesson ? [{ id: String(id), ...lesson }] : [];
      }),
    })),
    progress,
  };
}
