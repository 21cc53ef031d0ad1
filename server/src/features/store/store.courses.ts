import type { StoreCourseView } from "@chalkline/shared";
import { Course, Enrollment } from "../courses/courses.model";
import { Order } from "../orders/orders.model";
import type { Actor } from "../rooms/rooms.access";
import { userRefs } from "../rooms/rooms.view";

const MAX_LISTED = 100;

/** Paid, published courses for sale, newest first, each saying whether the caller has it already. */
export async function storeCourses(actor: Actor): Promise<StoreCourseView[]> {
  const courses = await Course.find({
    published: true,
    $or: [{ priceCents: { $gt: 0 } }, { pricePoints: { $gt: 0 } }],
  })
    .sort({ publishedAt: -1 })
    .limit(MAX_LISTED);
  const ids = courses.map((c) => c._id);
  const [instructors, enrollments, inFlight] = await Promise.all([
    userRefs(courses.map((c) => String(c.instructorId))),
    Enrollment.find({ userId: actor.id, courseId: { $in: ids } }, { courseId: 1 }),
    Order.find({ userId: actor.id, "item.refId": { $in: ids }, status: { $in: ["pending", "paid"] } }, { item: 1 }),
  ]);
  const owned = new Set([...enrollments.map((e) => String(e.courseId)), ...inFlight.map((o) => String(o.item.refId))]);
  return courses.map((c) => ({
    id: c.id,
    title: c.title,
    description: c.description,
    instructorName: instructors.get(String(c.instructorId))?.displayName ?? "—",
    pricePoints: c.pricePoints || null,
    priceCents: c.priceCents || null,
    owned: owned.has(c.id) || String(c.instructorId) === actor.id,
  }));
}
