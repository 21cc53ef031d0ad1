import type { CourseView } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import type { Actor } from "../rooms/rooms.access";
import { Room } from "../rooms/rooms.model";
import { addMember, createClassRoom } from "../rooms/rooms.service";
import { userRefs } from "../rooms/rooms.view";
import { Course, type CourseDoc, Enrollment } from "./courses.model";

async function toViews(courses: CourseDoc[], userId: string): Promise<CourseView[]> {
  const [instructors, enrollments] = await Promise.all([
    userRefs(courses.map((c) => String(c.instructorId))),
    Enrollment.find({ userId, courseId: { $in: courses.map((c) => c._id) } }),
  ]);
  const enrolled = new Set(enrollments.map((e) => String(e.courseId)));
  return courses.map((c) => {
    const instructor = instructors.get(String(c.instructorId));
    return {
      id: c.id,
      title: c.title,
      description: c.description,
      instructor: { id: String(c.instructorId), displayName: instructor?.displayName ?? "—" },
      classRoomId: String(c.classRoomId),
      enrolled: enrolled.has(c.id) || String(c.instructorId) === userId,
    };
  });
}

export async function listCourses(actor: Actor): Promise<CourseView[]> {
  return toViews(await Course.find({}).sort({ createdAt: -1 }).limit(200), actor.id);
}

/** A course comes with its live-class room; its instructor moderates it. */
export async function createCourse(actor: Actor, title: string, description: string): Promise<CourseView> {
  if (actor.role !== "instructor" && actor.role !== "admin") {
    throw new AppError("forbidden", "only instructors and admins create courses");
  }
  const course = await Course.create({ title, description, instructorId: actor.id });
  const room = await createClassRoom(course.id, title);
  course.classRoomId = room._id;
  await course.save();
  await addMember(room.id, actor.id, true);
  const [view] = await toViews([course], actor.id);
  return view!;
}

/** Enrolling makes the learner a member of the course's class room. Safe to repeat. */
export async function enroll(actor: Actor, courseId: string): Promise<CourseView> {
  const course = await Course.findById(courseId);
  if (!course?.classRoomId) throw new AppError("not_found", "no such course");
  const room = await Room.findById(course.classRoomId);
  const already = await Enrollment.exists({ courseId, userId: actor.id });
  if (room?.locked && !already) throw new AppError("room_locked", "this course's class is locked to new members");
  await Enrollment.updateOne(
    { courseId, userId: actor.id },
    { $setOnInsert: { courseId, userId: actor.id } },
    { upsert: true },
  ).catch((error: unknown) => {
    if (!isDuplicateKey(error)) throw error;
  });
  await addMember(String(course.classRoomId), actor.id);
  const [view] = await toViews([course], actor.id);
  return view!;
}
