import {
  type CatalogPage,
  type CatalogQuery,
  type CourseDetails,
  type CourseView,
  isPaidCourse,
} from "@chalkline/shared";
import type { QueryFilter } from "mongoose";
import { AppError } from "../../platform/errors";
import { escapeRegex, isDuplicateKey } from "../../platform/mongo";
import { countDaily } from "../analytics/analytics.counters";
import type { Actor } from "../rooms/rooms.access";
import { Room } from "../rooms/rooms.model";
import { addMember } from "../rooms/rooms.service";
import { hasPlus } from "../subscriptions/plus.access";
import { courseForViewer, isEnrolled } from "./courses.access";
import { Course, type CourseDoc, Enrollment } from "./courses.model";
import { toCourseDetails, toCourseView, toCourseViews } from "./courses.view";
import { courseProgress } from "./progress.view";

const MAX_MY_COURSES = 200;

/** Published courses, newest first, whose title contains `q`; a page at a time with the total. */
export async function catalog(actor: Actor, query: CatalogQuery): Promise<CatalogPage> {
  const filter: QueryFilter<CourseDoc> = { published: true };
  if (query.q) filter.title = new RegExp(escapeRegex(query.q), "i");
  const [total, courses] = await Promise.all([
    Course.countDocuments(filter),
    Course.find(filter)
      .sort({ publishedAt: -1, _id: -1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize),
  ]);
  return { courses: await toCourseViews(courses, actor), page: query.page, pageSize: query.pageSize, total };
}

/** Courses the actor teaches (drafts too) and published ones they are enrolled in. */
export async function myCourses(actor: Actor): Promise<CourseView[]> {
  const enrollments = await Enrollment.find({ userId: actor.id }, { courseId: 1 }).limit(MAX_MY_COURSES);
  const courses = await Course.find({
    $or: [{ instructorId: actor.id }, { _id: { $in: enrollments.map((e) => e.courseId) }, published: true }],
  })
    .sort({ createdAt: -1 })
    .limit(MAX_MY_COURSES);
  return toCourseViews(courses, actor);
}

export async function courseDetails(actor: Actor, courseId: string): Promise<CourseDetails> {
  const course = await courseForViewer(courseId, actor);
  const progress = (await isEnrolled(courseId, actor.id)) ? await courseProgress(course, actor.id) : null;
  return toCourseDetails(course, actor, progress);
}

/**
 * Enrolls in a free, published course (or a paid one while the learner has Plus, marked so) and adds
 * the learner to its class room. Safe to repeat, even after the course became paid or its room was
 * locked. A course's own instructor is never enrolled.
 */
export async function enroll(actor: Actor, courseId: string): Promise<CourseView> {
  const course = await courseForViewer(courseId, actor);
  if (String(course.instructorId) === actor.id) return toCourseView(course, actor);
  if (!course.classRoomId) throw new AppError("not_found", "no such course");
  const already = await isEnrolled(courseId, actor.id);
  if (!already) {
    if (!course.published) throw new AppError("forbidden", "drafts cannot be enrolled in");
    if (isPaidCourse(course) && !(await hasPlus(actor.id))) {
      throw new AppError("payment_required", "this course is paid; buy it in the store or join Plus");
    }
    const room = await Room.findById(course.classRoomId);
    if (room?.locked) throw new AppError("room_locked", "this course's class is locked to new members");
  }
  const written = await Enrollment.updateOne(
    { courseId, userId: actor.id },
    { $setOnInsert: { courseId, userId: actor.id, viaPlus: !already && isPaidCourse(course) } },
    { upsert: true },
  ).catch((error: unknown) => {
    if (!isDuplicateKey(error)) throw error;
  });
  if (written?.upsertedCount) countDaily({ enrolments: 1 });
  await addMember(String(course.classRoomId), actor.id);
  return toCourseView(course, actor);
}
