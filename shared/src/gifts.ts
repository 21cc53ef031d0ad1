import { z } from "zod";
import { objectIdSchema, requestIdSchema } from "./accounts";
import { personSchema } from "./guardians";

/**
 * Gifts: a guardian sets one for a linked learner — a store product or a reward of their own — with
 * a points threshold and a message. The learner sees only how many are waiting and how close they
 * are, until their points reach the threshold; the gift then unlocks (once), and opening it grants
 * the gift. What it costs — a reward of the guardian's own its threshold, a store product its real
 * points price — is paid as the guardian chose when setting it: by their gift budget (budgets.ts)
 * there and then, or by the learner's own points on opening. Nobody pays by default: a gift without
 * that choice is refused. Products sold only for money cannot be gifts.
 */

/** `locked` → `unlocked` (points reached) → `opening` (being paid for) → `activated` (granted). */
export const GIFT_STATUSES = ["locked", "unlocked", "opening", "activated"] as const;
export type GiftStatus = (typeof GIFT_STATUSES)[number];

export const SHIPPING_STATUSES = ["pending", "shipped", "delivered"] as const;
export const shippingStatusSchema = z.enum(SHIPPING_STATUSES);
export type ShippingStatus = z.infer<typeof shippingStatusSchema>;

/** The status a shipment moves to `next` from; shipments only move forward, one step at a time. */
export function shippingStepFrom(next: ShippingStatus): ShippingStatus | null {
  const i = SHIPPING_STATUSES.indexOf(next);
  return i > 0 ? SHIPPING_STATUSES[i - 1]! : null;
}

export const GIFT_MAX_THRESHOLD = 1_000_000;

/** Who pays what opening a gift costs: the guardian's gift budget as it is set, or the learner on opening. */
export const GIFT_PAYERS = ["budget", "learner"] as const;
export type GiftPayer = (typeof GIFT_PAYERS)[number];
export const giftPayerSchema = z.enum(GIFT_PAYERS, {
  error: "choose who pays for the gift: your gift budget now, or the learner's own points when they open it",
});

const giftCommon = {
  /** Always the guardian's explicit choice; never a default, so no learner pays without their guardian deciding so. */
  payer: giftPayerSchema,
  message: z.string().trim().max(500).default(""),
  /** The points balance that unlocks the gift (for a reward of the guardian's own, also its cost). */
  threshold: z.number().int().min(1).max(GIFT_MAX_THRESHOLD),
  /** Sending the same gift again with its requestId sets it once. */
  requestId: requestIdSchema.optional(),
};

/** POST /api/learners/:learnerId/gifts */
export const createGiftBodySchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("product"),
    productId: objectIdSchema,
    ...giftCommon,
  }),
  z.strictObject({
    kind: z.literal("custom"),
    title: z.string().trim().min(1).max(80),
    /** Something to post: it gets a shipping status once opened. */
    physical: z.boolean().default(false),
    ...giftCommon,
  }),
]);
export type CreateGiftBody = z.input<typeof createGiftBodySchema>;

export const giftViewSchema = z.object({
  id: z.string(),
  guardian: personSchema,
  learnerId: z.string(),
  kind: z.enum(["product", "custom"]),
  productId: z.string().nullable(),
  title: z.string(),
  message: z.string(),
  physical: z.boolean(),
  threshold: z.number(),
  /** Who pays what it costs, as the guardian chose. */
  payer: z.enum(GIFT_PAYERS),
  /** The guardian's gift budget paid for it. */
  paidByGuardian: z.boolean(),
  /** The points opening it spends from the learner; null when its product is no longer sold for points. */
  cost: z.number().nullable(),
  status: z.enum(GIFT_STATUSES),
  createdAt: z.string(),
  unlockedAt: z.string().nullable(),
  activatedAt: z.string().nullable(),
  /** The order or entitlement that opening the gift created. */
  grantId: z.string().nullable(),
  shipping: z.object({ status: shippingStatusSchema, updatedAt: z.string() }).nullable(),
});
export type GiftView = z.infer<typeof giftViewSchema>;

export const giftListSchema = z.object({ gifts: z.array(giftViewSchema) });

/** GET /api/me/gifts: locked gifts only as a count and the nearest threshold. */
export const learnerGiftsSchema = z.object({
  points: z.number(),
  locked: z.object({ count: z.number(), nextThreshold: z.number().nullable() }),
  /** Unlocked, opening and activated gifts, newest first. */
  gifts: z.array(giftViewSchema),
});
export type LearnerGifts = z.infer<typeof learnerGiftsSchema>;

/** PUT /api/gifts/:id/shipping: the gift's guardian or an admin moves a shipment on. */
export const setShippingBodySchema = z.strictObject({ status: z.enum(["shipped", "delivered"]) });
