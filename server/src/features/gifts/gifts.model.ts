import { GIFT_PAYERS, GIFT_STATUSES, SHIPPING_STATUSES } from "@chalkline/shared";
import mongoose, { type HydratedDocument, type InferSchemaType } from "mongoose";
import { isDuplicateKey } from "../../platform/mongo";

const { ObjectId } = mongoose.Schema.Types;

/**
 * A guardian's gift for a learner. `status` is what reads show; what happens once — leaving
 * `locked`, each shipping step — is decided by inserting a `GiftMoment`, and opening's effects are
 * keyed (gifts.open.ts). FerretDB's conditional updates are read-modify-write, not atomic (of 20
 * concurrent ones, several "win"), so they coordinate here but never decide who acts.
 */
const giftSchema = new mongoose.Schema(
  {
    guardianId: { type: ObjectId, required: true },
    learnerId: { type: ObjectId, required: true },
    kind: { type: String, enum: ["product", "custom"], required: true },
    productId: { type: ObjectId, default: null },
    title: { type: String, required: true },
    message: { type: String, default: "" },
    physical: { type: Boolean, default: false },
    threshold: { type: Number, required: true },
    /** A product's points price when the gift was set (its real price is read again on opening). */
    pricePoints: { type: Number, default: null },
    /**
     * Who the guardian chose to pay what opening costs: "budget" (paid when set) or "learner" (their
     * points on opening). Null on gifts set before guardians chose; those charge the learner, as then.
     */
    payer: { type: String, enum: [...GIFT_PAYERS, null], default: null },
    /** The guardian's gift budget paid the gift's cost when it was set: opening costs the learner nothing. */
    paidByGuardian: { type: Boolean, default: false },
    status: { type: String, enum: GIFT_STATUSES, default: "locked" },
    unlockedAt: { type: Date, default: null },
    /** While `opening`: which attempt holds the gift, and since when (a stale one may be taken over). */
    opening: {
      type: new mongoose.Schema({ attemptId: String, startedAt: Date }, { _id: false }),
      default: null,
    },
    activatedAt: { type: Date, default: null },
    /** The order or entitlement opening created. */
    grantId: { type: String, default: null },
    shipping: {
      type: new mongoose.Schema(
        {
          status: { type: String, enum: SHIPPING_STATUSES, required: true },
          updatedAt: { type: Date, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
giftSchema.index({ learnerId: 1, status: 1 });
giftSchema.index({ guardianId: 1, learnerId: 1, _id: -1 });

export type GiftDoc = HydratedDocument<InferSchemaType<typeof giftSchema>>;
export const Gift = mongoose.model("Gift", giftSchema, "gifts");

/**
 * What opening a custom gift grants the learner (a product's grant is a store order), stored under
 * the gift's own id: granting twice (a retry, a takeover of a stalled opening) finds the first one.
 */
const giftEntitlementSchema = new mongoose.Schema(
  {
    _id: { type: ObjectId, required: true },
    learnerId: { type: ObjectId, required: true },
    guardianId: { type: ObjectId, required: true },
    title: { type: String, required: true },
    physical: { type: Boolean, required: true },
    /** The points spent for it. */
    points: { type: Number, required: true },
  },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);
giftEntitlementSchema.index({ learnerId: 1 });
export const GiftEntitlement = mongoose.model("GiftEntitlement", giftEntitlementSchema, "giftEntitlements");

/**
 * A once-only moment of a gift, stored under "<giftId>:<moment>": a unique `_id` insert is atomic
 * on every MongoDB-compatible server, so exactly one caller records it and acts on it.
 */
const giftMomentSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    giftId: { type: ObjectId, required: true },
    /** For the `released` moment: whether the gift left `locked` by unlocking or by its withdrawal. */
    outcome: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
export const GiftMoment = mongoose.model("GiftMoment", giftMomentSchema, "giftMoments");

export type GiftMomentName = "released" | `shipping:${string}`;

/** Records the moment; true when this call recorded it, false when someone had already. */
export async function recordMoment(
  giftId: string,
  moment: GiftMomentName,
  outcome: string | null = null,
): Promise<boolean> {
  try {
    await GiftMoment.create({ _id: `${giftId}:${moment}`, giftId, outcome, at: new Date() });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

export async function momentOf(giftId: string, moment: GiftMomentName) {
  return GiftMoment.findById(`${giftId}:${moment}`).lean();
}
