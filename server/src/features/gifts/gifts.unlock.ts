import type { GiftView } from "@chalkline/shared";
import type { NotificationsService } from "../notifications/notifications.service";
import { Gift, momentOf, recordMoment } from "./gifts.model";
import { toGiftView } from "./gifts.view";

/** Delivers an unlocked gift live to every socket of the learner, on every node. */
export type GiftPush = (learnerId: string, gift: GiftView) => void;

/**
 * Unlocks a learner's gifts when their points reach the threshold. Called after every award that
 * credited points (the ledger's points listener), on any node and any number at once. A gift
 * leaves `locked` by one insert of its `released` moment: the caller whose insert succeeds — and
 * only that one — announces it.
 */
export class GiftUnlocker {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly push: GiftPush,
  ) {}

  async unlockReached(learnerId: string, points: number): Promise<void> {
    const due = await Gift.find({ learnerId, status: "locked", threshold: { $lte: points } }, { _id: 1 }).lean();
    for (const { _id } of due) {
      const giftId = String(_id);
      const recorded = await recordMoment(giftId, "released", "unlocked");
      // Withdrawn by the guardian just before: nothing to unlock.
      if (!recorded && (await momentOf(giftId, "released"))?.outcome !== "unlocked") continue;
      // Every caller that found it due writes the same status, so one whose recorder died mends it.
      const unlocked = await Gift.findOneAndUpdate(
        { _id, status: "locked" },
        { $set: { status: "unlocked", unlockedAt: new Date() } },
        { returnDocument: "after" },
      );
      if (recorded) await this.#announce(learnerId, unlocked ?? (await Gift.findById(_id)));
    }
  }

  async #announce(learnerId: string, gift: Parameters<typeof toGiftView>[0] | null): Promise<void> {
    if (!gift) return;
    const view = await toGiftView(gift);
    // Stored first, so a learner who is offline finds it; a node dying right here loses this
    // notification, never the unlock (the gifts page reads the gift's status).
    await this.notifications.notify([learnerId], {
      kind: "gift_unlocked",
      text: `You unlocked a gift from ${view.guardian.displayName}! Open it on your family page.`,
      wording: { id: "gift_unlocked", params: { name: view.guardian.displayName } },
      from: view.guardian,
    });
    this.push(learnerId, view);
  }
}
