import { PLUS_PLANS } from "@chalkline/shared";
import mongoose from "mongoose";

const { ObjectId } = mongoose.Schema.Types;

/**
 * One Stripe subscription to Plus, under Stripe's id, as its newest event left it. `eventCreated`
 * and `periodEnd` order the events (an older one is ignored); `canceled` is final for the id, so a
 * late `invoice.paid` or update never brings a deleted subscription back. A new subscription after
 * a cancellation is a new id, and a new document.
 */
const subscriptionSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    userId: { type: ObjectId, required: true, index: true },
    plan: { type: String, enum: PLUS_PLANS, required: true },
    status: { type: String, required: true },
    periodEnd: { type: Date, required: true },
    cancelAtPeriodEnd: { type: Boolean, default: false },
    /** The `created` (Unix seconds) of the event applied last. */
    eventCreated: { type: Number, required: true },
  },
  { versionKey: false, timestamps: true },
);
export type SubscriptionDoc = mongoose.HydratedDocumentFromSchema<typeof subscriptionSchema>;
export const Subscription = mongoose.model("Subscription", subscriptionSchema, "subscriptions");

/**
 * Milestones of a subscription, each inserted once under `<subscriptionId>:<what>` so that it is
 * acted on once however many events report it: `started` (Plus granted) and `ended` (taken back).
 */
const subscriptionMilestoneSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    userId: { type: ObjectId, required: true },
  },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);
export const SubscriptionMilestone = mongoose.model(
  "SubscriptionMilestone",
  subscriptionMilestoneSchema,
  "subscriptionMilestones",
);

/** Our coupons, under their code; `stripeCouponId` is Stripe's twin, made the first time Plus is bought with it. */
const couponSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    percentOff: { type: Number, default: null },
    amountOffCents: { type: Number, default: null },
    appliesTo: { type: String, enum: ["courses", "plans", "all"], required: true },
    active: { type: Boolean, default: true },
    stripeCouponId: { type: String, default: null },
  },
  { versionKey: false, timestamps: true },
);
export const Coupon = mongoose.model("Coupon", couponSchema, "coupons");
