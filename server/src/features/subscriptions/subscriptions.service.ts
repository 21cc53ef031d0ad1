import {
  type CouponView,
  type CreateCouponBody,
  PLUS_PRICE_CENTS,
  type PlusCheckoutBody,
  type PlusStatus,
} from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import type { UserDoc } from "../accounts/user.model";
import type { StripeGateway } from "../payments/stripe.gateway";
import { type CouponRecord, toCouponView, usableCoupon } from "./coupons";
import { ENTITLED_STATUSES } from "./plus.access";
import { Coupon, Subscription } from "./subscriptions.model";

/** Plus for learners (checkout, portal, status) and coupons for admins. */
export class SubscriptionsService {
  constructor(
    private readonly gateway: StripeGateway | null,
    private readonly currency: string,
  ) {}

  async checkout(user: UserDoc, body: PlusCheckoutBody): Promise<string> {
    const gateway = this.#gateway();
    if (await this.#current(user.id)) throw new AppError("conflict", "Plus is active already; manage it in the portal");
    let stripeCouponId: string | null = null;
    if (body.coupon) {
      // Stripe's twin of the coupon takes the discount off the first invoice; the plan keeps its price.
      const coupon = await usableCoupon(body.coupon, "plans");
      stripeCouponId = coupon.stripeCouponId ?? (await this.#twinOf(coupon));
    }
    return gateway.createPlusCheckout({
      userId: user.id,
      email: user.email,
      plan: body.plan,
      unitCents: PLUS_PRICE_CENTS[body.plan],
      currency: this.currency,
      stripeCouponId,
    });
  }

  portal(user: UserDoc): Promise<string> {
    return this.#gateway().portalUrl(user.id, user.email);
  }

  async status(userId: string): Promise<PlusStatus> {
    const sub = await this.#current(userId);
    const latest = sub ?? (await Subscription.findOne({ userId }).sort({ updatedAt: -1 }));
    return {
      active: Boolean(sub),
      plan: (latest?.plan as PlusStatus["plan"]) ?? null,
      status: latest?.status ?? null,
      currentPeriodEnd: latest?.periodEnd.toISOString() ?? null,
      cancelAtPeriodEnd: latest?.cancelAtPeriodEnd ?? false,
    };
  }

  async createCoupon(body: CreateCouponBody): Promise<CouponView> {
    try {
      const coupon = await Coupon.create({ _id: body.code, ...body });
      return toCouponView(coupon as CouponRecord);
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError("conflict", "a coupon with this code exists");
      throw error;
    }
  }

  async listCoupons(): Promise<CouponView[]> {
    const coupons = await Coupon.find().sort({ createdAt: -1 }).limit(200).lean();
    return coupons.map((c) => toCouponView(c as CouponRecord));
  }

  async setCouponActive(code: string, active: boolean): Promise<CouponView> {
    const coupon = await Coupon.findOneAndUpdate({ _id: code }, { $set: { active } }, { returnDocument: "after" });
    if (!coupon) throw new AppError("not_found", "no such coupon");
    return toCouponView(coupon as CouponRecord);
  }

  #current(userId: string) {
    return Subscription.findOne({ userId, status: { $in: ENTITLED_STATUSES }, periodEnd: { $gt: new Date() } });
  }

  #gateway(): StripeGateway {
    if (!this.gateway) throw new AppError("unavailable", "card payments are not set up on this server");
    return this.gateway;
  }

  async #twinOf(coupon: CouponRecord): Promise<string> {
    const id = await this.#gateway().stripeCoupon(coupon._id, coupon, this.currency);
    await Coupon.updateOne({ _id: coupon._id, stripeCouponId: null }, { $set: { stripeCouponId: id } });
    return id;
  }
}
