import { z } from "zod";

/** Plus: every paid course while the subscription is active, billed monthly or yearly. */
export const PLUS_PLANS = ["monthly", "yearly"] as const;
export const plusPlanSchema = z.enum(PLUS_PLANS);
export type PlusPlan = z.infer<typeof plusPlanSchema>;

/** Plus's list prices, in the store's currency's cents. */
export const PLUS_PRICE_CENTS: Record<PlusPlan, number> = { monthly: 900, yearly: 9000 };

/** What one subscription adds to monthly recurring revenue: a yearly plan counts a twelfth of its price. */
export function monthlyCents(plan: PlusPlan, cents = PLUS_PRICE_CENTS[plan]): number {
  return plan === "yearly" ? Math.round(cents / 12) : cents;
}

export const couponCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9-]{3,32}$/, { message: "3 to 32 of A-Z 0-9 -" });

/** POST /api/subscriptions/checkout: a Checkout session in subscription mode for the plan. */
export const plusCheckoutBodySchema = z.strictObject({ plan: plusPlanSchema, coupon: couponCodeSchema.optional() });
export type PlusCheckoutBody = z.infer<typeof plusCheckoutBodySchema>;

export const redirectUrlSchema = z.object({ url: z.string() });
export type RedirectUrl = z.infer<typeof redirectUrlSchema>;

/** GET /api/subscriptions/me. */
export const plusStatusSchema = z.object({
  /** True while Plus unlocks paid courses. */
  active: z.boolean(),
  plan: plusPlanSchema.nullable(),
  status: z.string().nullable(),
  currentPeriodEnd: z.string().nullable(),
  cancelAtPeriodEnd: z.boolean(),
});
export type PlusStatus = z.infer<typeof plusStatusSchema>;

/** A discount code for course checkouts, Plus, or both. */
export const createCouponBodySchema = z
  .strictObject({
    code: couponCodeSchema,
    percentOff: z.number().int().min(1).max(100).optional(),
    amountOffCents: z.number().int().min(1).max(1_000_000).optional(),
    appliesTo: z.enum(["courses", "plans", "all"]).default("all"),
  })
  .refine((c) => (c.percentOff === undefined) !== (c.amountOffCents === undefined), {
    message: "give percentOff or amountOffCents, not both",
  });
export type CreateCouponBody = z.infer<typeof createCouponBodySchema>;

export const couponViewSchema = z.object({
  code: z.string(),
  percentOff: z.number().nullable(),
  amountOffCents: z.number().nullable(),
  appliesTo: z.enum(["courses", "plans", "all"]),
  active: z.boolean(),
});
export type CouponView = z.infer<typeof couponViewSchema>;

/** The price after a coupon, never below zero. */
export function discounted(cents: number, coupon: Pick<CouponView, "percentOff" | "amountOffCents">): number {
  const off = coupon.percentOff ? Math.round((cents * coupon.percentOff) / 100) : (coupon.amountOffCents ?? 0);
  return Math.max(0, cents - off);
}
