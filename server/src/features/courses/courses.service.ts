import type { CourseView, CreateCourseBody, UpdateCourseBody } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import type { Actor } from "../rooms/rooms.access";
import { Room } from "../rooms/rooms.model";
import { addMember, createClassRoom } from "../rooms/rooms.service";
import { courseForEditor } from "./courses.access";
import { Course } from "./courses.model";
import { toCourseView } from "./courses.view";

/** A course comes with its live-class room; its instructor moderates it. New courses are drafts. */
export async function createCourse(actor: Actor, body: CreateCourseBody): Promise<CourseView> {
  if (actor.role !== "instructor" && actor.role !== "admin") {
    throw new AppError("forbidden", "only instructors and admins create courses");
  }
  const course = await Course.create({ ...body, instructorId: actor.id });
  const room = await createClassRoom(course.id, body.title);
  course.classRoomId = room._id;
  await course.save();
  await addMember(room.id, actor.id, true);
  return toCourseView(course, actor);
}

/** Title, description and prices; a new title renames the course's class room too. */
export async function updateCourse(actor: Actor, courseId: string, body: UpdateCourseBody): Promise<CourseView> {
  const course = await courseForEditor(courseId, actor);
  const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
  const updated = await Course.findOneAndUpdate({ _id: course._id }, { $set: changes }, { returnDocument: "after" });
  if (!updated) throw new AppError("not_found", "no such course");
  if (body.title) await Room.updateOne({ _id: course.classRoomId }, { $set: { name: body.title } });
  return toCourseView(updated, actor);
}

/** Publishing lists the course in the catalog and opens it to enrolment; unpublishing hides it again. */
export async function setPublished(actor: Actor, courseId: string, published: boolean): Promise<CourseView> {
  const course = await courseForEditor(courseId, actor);
  const publishedAt = published ? (course.publishedAt ?? new Date()) : course.publishedAt;
  const updated = await Course.findOneAndUpdate(
    { _id: course._id },
    { $set: { published, publishedAt } },
    { returnDocument: "after" },
  );
  if (!updated) throw new AppError("not_found", "no such course");
  return toCourseView(updated, actor);
}
