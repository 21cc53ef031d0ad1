import { Course, Enrollment } from "../courses/courses.model";
import { Entitlement } from "../orders/orders.model";
import { RoomMember } from "../rooms/rooms.model";
import { Subscription } from "./subscriptions.model";

/** Stripe statuses in which Plus unlocks paid courses (until the paid period ends). */
export const ENTITLED_STATUSES: readonly string[] = ["active", "trialing"];

/** Most Plus enrolments taken back in one pass; a learner rarely holds more. */
const MAX_PLUS_ENROLMENTS = 1000;

/** True while one of the account's Plus subscriptions is active and inside its paid period. */
export async function hasPlus(userId: string, now = new Date()): Promise<boolean> {
  return Boolean(await Subscription.exists({ userId, status: { $in: ENTITLED_STATUSES }, periodEnd: { $gt: now } }));
}

/**
 * Takes back the enrolments Plus gave, once the account has no active Plus: each course leaves
 * the learner with its class room, unless they bought it too (then it stays, as a bought one).
 * Safe to run any number of times; reading a course also checks Plus (courses.access.ts), so an
 * enrolment this misses by a race still opens nothing.
 */
export async function revokePlusEnrolments(userId: string): Promise<void> {
  if (await hasPlus(userId)) return;
  const enrolments = await Enrollment.find({ userId, viaPlus: true }).limit(MAX_PLUS_ENROLMENTS);
  for (const enrolment of enrolments) {
    const bought = await Entitlement.exists({ userId, kind: "course", refId: enrolment.courseId, revokedAt: null });
    if (bought) {
      await Enrollment.updateOne({ _id: enrolment._id }, { $set: { viaPlus: false } });
      continue;
    }
    await Enrollment.deleteOne({ _id: enrolment._id, viaPlus: true });
    const course = await Course.findById(enrolment.courseId, { classRoomId: 1 });
    if (course?.classRoomId) await RoomMember.deleteOne({ roomId: course.classRoomId, userId, moderator: false });
  }
}
