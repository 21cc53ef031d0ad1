import type { CouponView } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { Coupon } from "./subscriptions.model";

export type CouponRecord = Pick<CouponView, "percentOff" | "amountOffCents" | "appliesTo"> & {
  _id: string;
  active: boolean;
  stripeCouponId?: string | null;
};

export const toCouponView = (c: CouponRecord): CouponView => ({
  code: c._id,
  percentOff: c.percentOff ?? null,
  amountOffCents: c.amountOffCents ?? null,
  appliesTo: c.appliesTo,
  active: c.active,
});

/** The active coupon `code` if it applies to `what`, else `not_found` (unknown and inapplicable alike). */
export async function usableCoupon(code: string, what: "courses" | "plans"): Promise<CouponRecord> {
  const coupon = (await Coupon.findById(code).lean()) as CouponRecord | null;
  if (!coupon?.active || (coupon.appliesTo !== "all" && coupon.appliesTo !== what)) {
    throw new AppError("not_found", "this coupon does not exist or does not apply here");
  }
  return coupon;
}
