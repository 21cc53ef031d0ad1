import { instructorShare } from "@chalkline/shared";
import { isDuplicateKey } from "../../platform/mongo";
import { countDaily } from "../analytics/analytics.counters";
import { Course, Enrollment } from "../courses/courses.model";
import { RoomMember } from "../rooms/rooms.model";
import type { RoomSubscriber } from "../rooms/rooms.routes";
import { addMember } from "../rooms/rooms.service";
import { claimHolder, releaseCourse } from "./orders.course-claims";
import { Earning, Entitlement, type OrderDoc } from "./orders.model";

const ignoreDuplicate = (error: unknown) => {
  if (!isDuplicateKey(error)) throw error;
};

/**
 * What fulfilling an order gives: the entitlement (keyed by the order, so it is granted once however
 * often this runs), for a course also the enrolment, its class room and the instructor's share.
 */
export async function grant(order: OrderDoc, subscribe: RoomSubscriber): Promise<void> {
  const { kind, refId, quantity, instructorId } = order.item;
  const userId = String(order.userId);
  await Entitlement.updateOne(
    { _id: order._id },
    { $setOnInsert: { userId: order.userId, kind, refId, quantity } },
    { upsert: true },
  ).catch(ignoreDuplicate);
  if (kind !== "course") return;
  const course = await Course.findById(refId);
  if (!course?.classRoomId) return;
  const enrolled = await Enrollment.updateOne(
    { courseId: refId, userId },
    { $setOnInsert: { courseId: refId, userId } },
    { upsert: true },
  ).catch(ignoreDuplicate);
  if (enrolled?.upsertedCount) countDaily({ enrolments: 1 });
  await addMember(String(course.classRoomId), userId);
  subscribe([userId], { id: String(course.classRoomId), kind: "class" });
  if (!instructorId) return;
  await Earning.updateOne(
    { _id: order._id },
    {
      $setOnInsert: {
        instructorId,
        courseId: refId,
        courseTitle: course.title,
        cents: instructorShare(order.payment.cents),
        points: instructorShare(order.payment.points),
      },
    },
    { upsert: true },
  ).catch(ignoreDuplicate);
}

/**
 * Takes back what `grant` gave; safe to run any number of times, and before `grant` ever ran
 * (then there is nothing to take: the entitlement is the first thing `grant` writes). A course
 * stays with its buyer when another order of theirs holds it (orders.course-claims.ts).
 */
export async function revoke(order: OrderDoc): Promise<void> {
  if (!(await Entitlement.exists({ _id: order._id }))) return;
  const now = new Date();
  await Entitlement.updateOne({ _id: order._id, revokedAt: null }, { $set: { revokedAt: now } });
  if (order.item.kind !== "course") return;
  await Earning.updateOne({ _id: order._id, reversedAt: null }, { $set: { reversedAt: now } });
  const holder = await claimHolder(order);
  // No claim at all: an order fulfilled before claims were kept, or one that already let go.
  if (holder !== null && holder !== order.id) return;
  const course = await Course.findById(order.item.refId);
  await Enrollment.deleteOne({ courseId: order.item.refId, userId: order.userId });
  if (course?.classRoomId) {
    await RoomMember.deleteOne({ roomId: course.classRoomId, userId: order.userId, moderator: false });
  }
  await releaseCourse(order);
}
