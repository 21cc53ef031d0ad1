import mongoose from "mongoose";

/** A user's Stripe customer: checkouts reuse it, so Stripe shows one customer per buyer. */
const stripeCustomerSchema = new mongoose.Schema(
  {
    _id: { type: mongoose.Schema.Types.ObjectId, required: true },
    customerId: { type: String, required: true },
  },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);
export const StripeCustomer = mongoose.model("StripeCustomer", stripeCustomerSchema, "stripeCustomers");

/**
 * Every Stripe event received, under its own id (unique, being `_id`), so a delivery seen before is
 * answered at once. `processedAt` is set only once its handling finished: an event whose handler
 * failed midway is handled again on Stripe's retry, which is safe because every handler is.
 */
const stripeEventSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    processedAt: { type: Date, default: null },
  },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);
export const StripeEvent = mongoose.model("StripeEvent", stripeEventSchema, "stripeEvents");
