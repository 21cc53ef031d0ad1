import mongoose from "mongoose";
import { isDuplicateKey } from "../../platform/mongo";
import type { OrderDoc } from "./orders.model";

/**
 * Which order a learner's course is theirs through. Pricing refuses a course its buyer is enrolled
 * in, but two checkouts opened at once both pass that check and may both be paid; the first paid
 * order to insert the claim `<userId>:<courseId>` fulfils, any other is refunded. Only the claiming
 * order's refund takes the enrolment back. Inserts decide it: FerretDB refuses a second `_id`.
 */
const courseClaimSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    orderId: { type: mongoose.Schema.Types.ObjectId, required: true },
  },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);
const CourseClaim = mongoose.model("CourseClaim", courseClaimSchema, "courseClaims");

const claimId = (order: OrderDoc) => `${order.userId}:${order.item.refId}`;

/** Claims the order's course for its buyer; true when this order holds the claim (now or before). */
export async function claimCourse(order: OrderDoc): Promise<boolean> {
  try {
    await CourseClaim.create({ _id: claimId(order), orderId: order._id });
    return true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  return (await claimHolder(order)) === order.id;
}

/** The id of the order holding the buyer's claim on the course, or null when none does. */
export async function claimHolder(order: OrderDoc): Promise<string | null> {
  const claim = await CourseClaim.findById(claimId(order)).lean();
  return claim ? String(claim.orderId) : null;
}

/** Lets go of the claim, if this order holds it, so the course can be bought again. */
export async function releaseCourse(order: OrderDoc): Promise<void> {
  await CourseClaim.deleteOne({ _id: claimId(order), orderId: order._id });
}
