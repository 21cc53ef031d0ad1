import { randomUUID } from "node:crypto";
import { AppError } from "../../platform/errors";
import type { AwardsService } from "../ledger/awards.service";
import type { GiftGrants } from "./gifts.grants";
import { Gift, type GiftDoc } from "./gifts.model";

/** An opening this old belongs to a node that died midway: no opening takes that long. */
export const STALE_OPENING_MS = 30_000;

/**
 * Opening a gift without transactions: a small state machine over single-document writes.
 *
 * 1. Claim: `unlocked → opening` (or take over a stale `opening`) by conditional update, with a
 *    fresh attempt id; a second open meanwhile is told it is in progress.
 * 2. Spend what the gift costs the learner (gifts.grants.ts `check`: nothing when the guardian's
 *    budget paid it, else a custom reward's threshold or a product's points price; a product gift first checks the
 *    product is still sold and in stock) through the ledger under the key `gift:<giftId>`: never
 *    below zero, and once however often it is repeated. Refused (not enough points now) →
 *    compensate: `opening → unlocked` for this attempt, so the learner can open it when they have
 *    the points.
 * 3. Grant: a store order with the request id `gift:<giftId>`, or an entitlement under the gift's
 *    id (gifts.grants.ts): repeating it finds the first.
 * 4. Activate: `opening → activated` for this attempt; physical gifts start shipping as `pending`.
 *
 * The claim only coordinates: FerretDB's conditional updates are not atomic, so two opens may both
 * claim. Exactly-once comes from steps 2 and 3, which are keyed, so a double claim, a retry or a
 * takeover of a stalled opening rolls forward without spending or granting twice.
 */
export class GiftOpener {
  constructor(
    private readonly awards: Pick<AwardsService, "spendPoints">,
    private readonly grants: GiftGrants,
  ) {}

  async open(learnerId: string, giftId: string, now = new Date()): Promise<GiftDoc> {
    const attemptId = randomUUID();
    const claimed = await Gift.findOneAndUpdate(
      {
        _id: giftId,
        learnerId,
        $or: [
          { status: "unlocked" },
          { status: "opening", "opening.startedAt": { $lt: new Date(now.getTime() - STALE_OPENING_MS) } },
        ],
      },
      { $set: { status: "opening", opening: { attemptId, startedAt: now } } },
      { returnDocument: "after" },
    );
    if (!claimed) return this.#unclaimed(learnerId, giftId);
    const mine = { _id: claimed._id, status: "opening" as const, "opening.attemptId": attemptId };
    let grantId: string;
    try {
      const cost = await this.grants.check(claimed);
      if (cost > 0) {
        await this.awards.spendPoints({
          userId: learnerId,
          key: `gift:${giftId}`,
          amount: cost,
          reason: "gift_opened",
        });
      }
      grantId = await this.grants.grant(claimed);
    } catch (error) {
      // Compensation: the gift is unlocked again. Safe after a spend too — a later open finds the
      // key `gift:<id>` spent and does not charge again — so it also covers a product that sold
      // out between the check and the order.
      await Gift.updateOne(mine, { $set: { status: "unlocked", opening: null } });
      throw error;
    }
    const activated = await Gift.findOneAndUpdate(
      mine,
      {
        $set: {
          status: "activated",
          activatedAt: new Date(),
          opening: null,
          grantId,
          shipping: claimed.physical ? { status: "pending", updatedAt: new Date() } : null,
        },
      },
      { returnDocument: "after" },
    );
    // Null: this attempt was taken for stale and another finished the same idempotent steps.
    return activated ?? this.#unclaimed(learnerId, giftId);
  }

  /** Rolls forward, or back, the learner's openings that stalled when their node died. */
  async resumeStale(learnerId: string, now = new Date()): Promise<void> {
    const cutoff = new Date(now.getTime() - STALE_OPENING_MS);
    const stale = await Gift.find({ learnerId, status: "opening", "opening.startedAt": { $lt: cutoff } }, { _id: 1 });
    for (const gift of stale) {
      await this.open(learnerId, gift.id, now).catch((error: unknown) => {
        // Not enough points any more: the compensation left it unlocked, which is the answer.
        if (!(error instanceof AppError)) throw error;
      });
    }
  }

  /** What a caller that did not claim the gift is told: done already, in progress, or nothing to open. */
  async #unclaimed(learnerId: string, giftId: string): Promise<GiftDoc> {
    const gift = await Gift.findOne({ _id: giftId, learnerId });
    // A locked gift is not the learner's to know about yet.
    if (!gift || gift.status === "locked") throw new AppError("not_found", "no such gift");
    if (gift.status === "activated") return gift;
    throw new AppError("conflict", "this gift is being opened");
  }
}
