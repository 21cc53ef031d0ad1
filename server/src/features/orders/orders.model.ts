import { ORDER_STATUSES, PAYMENT_METHODS } from "@chalkline/shared";
import mongoose, { type HydratedDocumentFromSchema } from "mongoose";

const { ObjectId } = mongoose.Schema.Types;
const sub = <T extends mongoose.SchemaDefinition>(definition: T) => new mongoose.Schema(definition, { _id: false });

const ITEM_KINDS = ["product", "course"] as const;

/**
 * One purchase: what was bought, at what price and how it is paid. Its status is the head of its
 * chain of steps (orders.chain.ts); `status` and `statusSeq` here cache that head for listings and
 * the recovery sweep, and are never trusted for a decision. See orders.service.ts.
 */
const orderSchema = new mongoose.Schema(
  {
    userId: { type: ObjectId, required: true },
    /** The buyer's id for this purchase attempt: retries with it find this order. */
    requestId: { type: String, required: true },
    item: {
      type: sub({
        kind: { type: String, enum: ITEM_KINDS, required: true },
        refId: { type: ObjectId, required: true },
        name: { type: String, required: true },
        quantity: { type: Number, required: true },
        /** A course's instructor, who earns their share when it is fulfilled. */
        instructorId: { type: ObjectId, default: null },
        /** A physical product: it needs a shipping address. */
        ships: { type: Boolean, default: false },
      }),
      required: true,
    },
    payment: {
      type: sub({
        method: { type: String, enum: PAYMENT_METHODS, required: true },
        points: { type: Number, required: true, default: 0 },
        cents: { type: Number, required: true, default: 0 },
        currency: { type: String, required: true },
        giftId: { type: ObjectId, default: null },
      }),
      required: true,
    },
    /** Where a physical product goes: given with a points order, collected by Stripe for a card one. */
    shipping: {
      type: sub({
        name: { type: String, required: true },
        line1: { type: String, required: true },
        line2: { type: String },
        city: { type: String, required: true },
        state: { type: String },
        postalCode: { type: String, default: "" },
        country: { type: String, required: true },
      }),
      default: null,
    },
    /**
     * Set when the attempt was refused before anything was paid (out of stock, not enough points):
     * it is no order to anyone, and stays only until the recovery sweep has made sure that nothing it
     * took is kept (orders.recovery.ts), then goes.
     */
    refusedAt: { type: Date, default: null },
    status: { type: String, enum: ORDER_STATUSES, required: true, default: "pending" },
    statusSeq: { type: Number, required: true, default: 1 },
    /** The Stripe Checkout session of a card order, and its payment once known. */
    card: {
      type: sub({
        sessionId: { type: String, required: true },
        url: { type: String, required: true },
        expiresAt: { type: Date, required: true },
        paymentIntentId: { type: String, default: null },
      }),
      default: null,
    },
  },
  { versionKey: false, timestamps: true },
);
orderSchema.index({ userId: 1, requestId: 1 }, { unique: true });
orderSchema.index({ userId: 1, _id: -1 });
orderSchema.index({ status: 1, updatedAt: 1 });
// The admins' list of every order with one status, newest first.
orderSchema.index({ status: 1, _id: -1 });
orderSchema.index({ "card.paymentIntentId": 1 });

export type OrderDoc = HydratedDocumentFromSchema<typeof orderSchema>;
export const Order = mongoose.model("Order", orderSchema, "orders");

/** What a fulfilled order gave its buyer; `_id` is the order's, so fulfilling twice grants once. */
const entitlementSchema = new mongoose.Schema(
  {
    _id: { type: ObjectId, required: true },
    userId: { type: ObjectId, required: true, index: true },
    kind: { type: String, enum: ITEM_KINDS, required: true },
    refId: { type: ObjectId, required: true },
    quantity: { type: Number, required: true },
    revokedAt: { type: Date, default: null },
  },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);
export const Entitlement = mongoose.model("Entitlement", entitlementSchema, "entitlements");

/** An instructor's share of one course sale; `_id` is the order's; reversed when it is refunded. */
const earningSchema = new mongoose.Schema(
  {
    _id: { type: ObjectId, required: true },
    instructorId: { type: ObjectId, required: true },
    courseId: { type: ObjectId, required: true },
    courseTitle: { type: String, required: true },
    cents: { type: Number, required: true },
    points: { type: Number, required: true },
    reversedAt: { type: Date, default: null },
  },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);
// An instructor's earnings, newest first.
earningSchema.index({ instructorId: 1, createdAt: -1 });
export const Earning = mongoose.model("Earning", earningSchema, "earnings");
