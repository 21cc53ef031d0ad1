import {
  type createGiftBodySchema,
  type GiftView,
  type LearnerGifts,
  type Person,
  type ShippingStatus,
  shippingStepFrom,
} from "@chalkline/shared";
import mongoose from "mongoose";
import type { z } from "zod";
import { AppError } from "../../platform/errors";
import { isDuplicateKey, objectIdFrom } from "../../platform/mongo";
import type { GuardianBudgets } from "../guardians/budgets.service";
import { currentBalance } from "../ledger/balance.projection";
import type { LedgerCache } from "../ledger/ledger.cache";
import type { NotificationsService } from "../notifications/notifications.service";
import type { GiftProduct } from "../store/products.service";
import { Gift, momentOf, recordMoment } from "./gifts.model";
import type { GiftOpener } from "./gifts.open";
import type { GiftUnlocker } from "./gifts.unlock";
import { toGiftView, toGiftViews } from "./gifts.view";

const MAX_LISTED = 100;

/** Looks up store products for gifts; null for an unknown or unavailable product. */
export type ProductLookup = (productId: string) => Promise<GiftProduct | null>;

/**
 * Gifts from guardians: created for a linked learner (the routes check the link), hidden from the
 * learner while locked, unlocked by points (gifts.unlock.ts), opened by the learner (gifts.open.ts),
 * and — when physical — shipped, as the guardian or an admin records.
 */
export class GiftsService {
  constructor(
    private readonly unlocker: GiftUnlocker,
    private readonly opener: GiftOpener,
    private readonly notifications: NotificationsService,
    private readonly products: ProductLookup,
    private readonly budgets: Pick<GuardianBudgets, "fundGift" | "refundGift">,
    private readonly ledger: LedgerCache,
  ) {}

  /**
   * Sets a gift, paid as the guardian chose: from their gift budget first (a product's points price,
   * a reward's threshold), under the gift's id, so a resent request (same requestId, same id) pays
   * once and finds the gift; or by the learner on opening.
   */
  async create(guardian: Person, learnerId: string, body: z.output<typeof createGiftBodySchema>): Promise<GiftView> {
    const _id = body.requestId
      ? objectIdFrom(`gift:${guardian.id}:${learnerId}:${body.requestId}`)
      : new mongoose.Types.ObjectId();
    const sent = await Gift.findOne({ _id, guardianId: guardian.id, learnerId });
    if (sent) return toGiftView(sent);
    const details =
      body.kind === "product"
        ? await this.#product(body.productId)
        : { name: body.title, physical: body.physical, pricePoints: null };
    const paidByGuardian = body.payer === "budget";
    if (paidByGuardian) await this.budgets.fundGift(guardian.id, String(_id), details.pricePoints ?? body.threshold);
    const gift = await Gift.create({
      _id,
      guardianId: guardian.id,
      learnerId,
      kind: body.kind,
      productId: body.kind === "product" ? body.productId : null,
      title: details.name,
      physical: details.physical,
      message: body.message,
      threshold: body.threshold,
      pricePoints: details.pricePoints,
      payer: body.payer,
      paidByGuardian,
    }).catch(async (error: unknown) => {
      const first = isDuplicateKey(error) ? await Gift.findOne({ _id, guardianId: guardian.id }) : null;
      if (!first) throw error;
      return first;
    });
    // A learner who already has the points gets the gift straight away.
    await this.unlocker.unlockReached(learnerId, (await currentBalance(this.ledger, learnerId)).points.total);
    return toGiftView((await Gift.findById(gift._id)) ?? gift);
  }

  async listForGuardian(guardianId: string, learnerId: string): Promise<GiftView[]> {
    return toGiftViews(await Gift.find({ guardianId, learnerId }).sort({ _id: -1 }).limit(MAX_LISTED));
  }

  /**
   * The learner's gifts: locked ones only as a count and the nearest threshold. Catches up first on
   * anything a crashed node left behind: an unlock its award did not get to, a stalled opening.
   */
  async listForLearner(learnerId: string): Promise<LearnerGifts> {
    const points = (await currentBalance(this.ledger, learnerId)).points.total;
    await this.unlocker.unlockReached(learnerId, points);
    await this.opener.resumeStale(learnerId);
    const [locked, shown] = await Promise.all([
      Gift.find({ learnerId, status: "locked" }, { threshold: 1 }).lean(),
      Gift.find({ learnerId, status: { $ne: "locked" } })
        .sort({ _id: -1 })
        .limit(MAX_LISTED),
    ]);
    const thresholds = locked.map((g) => g.threshold);
    return {
      points,
      locked: { count: locked.length, nextThreshold: thresholds.length > 0 ? Math.min(...thresholds) : null },
      gifts: await toGiftViews(shown),
    };
  }

  async open(learnerId: string, giftId: string): Promise<GiftView> {
    return toGiftView(await this.opener.open(learnerId, giftId));
  }

  /** The guardian takes back a gift the learner has not unlocked yet; what their budget paid for it goes back. */
  async withdraw(guardianId: string, giftId: string): Promise<void> {
    const gift = await Gift.findOne({ _id: giftId, guardianId }, { status: 1, paidByGuardian: 1 }).lean();
    if (!gift) throw new AppError("not_found", "no such gift");
    // The same moment an unlock records: of a withdrawal and an unlock at once, one wins.
    const recorded = gift.status === "locked" && (await recordMoment(giftId, "released", "withdrawn"));
    if (!recorded && (await momentOf(giftId, "released"))?.outcome !== "withdrawn") {
      throw new AppError("conflict", "this gift is already unlocked");
    }
    // Before the delete: a withdrawal retried after a crash still finds the gift, and refunds once.
    if (gift.paidByGuardian) await this.budgets.refundGift(guardianId, giftId);
    await Gift.deleteOne({ _id: giftId });
  }

  /** Moves a physical gift's shipment one step on; setting the status it already has changes nothing. */
  async setShipping(actor: { id: string; role: string }, giftId: string, status: ShippingStatus): Promise<GiftView> {
    const gift = await Gift.findOne(actor.role === "admin" ? { _id: giftId } : { _id: giftId, guardianId: actor.id });
    if (!gift) throw new AppError("not_found", "no such gift");
    const from = shippingStepFrom(status);
    if (!gift.shipping) throw new AppError("conflict", "only opened physical gifts are shipped");
    if (gift.shipping.status === status) return toGiftView(gift);
    if (gift.shipping.status !== from) {
      throw new AppError("conflict", `a ${gift.shipping.status} gift cannot become ${status}`);
    }
    const first = await recordMoment(giftId, `shipping:${status}`);
    const moved = await Gift.findOneAndUpdate(
      { _id: giftId, "shipping.status": from },
      { $set: { shipping: { status, updatedAt: new Date() } } },
      { returnDocument: "after" },
    );
    if (first) {
      await this.notifications.notify([String(gift.learnerId)], {
        kind: "gift_shipping",
        text: `Your gift “${gift.title}” has ${status === "shipped" ? "been shipped" : "been delivered"}.`,
        wording: { id: `gift_${status}`, params: { gift: gift.title } },
      });
    }
    return toGiftView(moved ?? gift);
  }

  async #product(productId: string): Promise<GiftProduct & { pricePoints: number }> {
    const product = await this.products(productId);
    if (!product) throw new AppError("not_found", "no such product in the store");
    const { pricePoints } = product;
    if (pricePoints === null) {
      throw new AppError("invalid_payload", "this product is sold only for money, so it cannot be a gift");
    }
    return { ...product, pricePoints };
  }
}
