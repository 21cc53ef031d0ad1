import { randomBytes } from "node:crypto";
import type { Types } from "mongoose";
import { AppError } from "../../platform/errors";
import type { AccountsService } from "../accounts";
import { RefreshFamily, RefreshToken } from "../accounts/refresh-token.model";
import { User, type UserDoc } from "../accounts/user.model";
import { recordAudit } from "../audit/audit.model";
import { Message } from "../chat/chat.model";
import { Gift } from "../gifts/gifts.model";
import type { GiftsService } from "../gifts/gifts.service";
import { GuardianLink, LinkCode } from "../guardians/links.model";
import { NotificationRecord } from "../notifications/notifications.model";
import { Order } from "../orders/orders.model";
import { AlertDismissal, AlertNotice, FocusSession, Reflection, StudyDay, StudyPlan } from "../study/study.model";
import { RecoveryCodeUse, TrustedDevice, TwoFactor } from "../two-factor/two-factor.model";
import type { UploadsService } from "../uploads/uploads.service";

export const DELETED_NAME = "Deleted user";
/** Gifts withdrawn per query when a guardian's account is deleted. */
const GIFT_BATCH = 100;

/**
 * "Delete my account". The account's personal data goes: its address, name and password, its second
 * factor, sessions, notifications, study (plans, subjects, focus sessions, reflections, the alerts
 * it dismissed or was told of and those others kept about it as a learner), personal files and
 * avatar, guardian links either way, the text and name of its messages, and its orders' shipping
 * addresses. What the law lets a school keep stays, tied to an account that no longer
 * names anyone: the XP and points ledgers, the orders (amounts, items) and the audit log.
 */
export class AccountDeletion {
  constructor(
    private readonly accounts: AccountsService,
    private readonly uploads: Pick<UploadsService, "removePersonalFiles">,
    private readonly gifts: Pick<GiftsService, "withdraw">,
  ) {}

  async delete(user: UserDoc, password: string, clientIp: string): Promise<void> {
    await this.accounts.checkPassword(user, password, clientIp);
    const userId = user._id;
    // First, and in one write: the address frees up and nobody can sign in as this account again.
    await User.updateOne(
      { _id: userId },
      {
        $set: {
          email: `deleted-${user.id}@deleted.invalid`,
          displayName: DELETED_NAME,
          passwordHash: `!deleted:${randomBytes(16).toString("hex")}`,
          disabled: true,
          twoFactorEnabled: false,
          notificationsOff: [],
        },
      },
    );
    await this.accounts.revokeAllSessions(user.id, "account_disabled");
    const now = new Date();
    await Promise.all([
      RefreshToken.deleteMany({ userId }),
      RefreshFamily.deleteMany({ userId }),
      TwoFactor.deleteOne({ _id: userId }),
      RecoveryCodeUse.deleteMany({ userId }),
      TrustedDevice.deleteMany({ userId }),
      NotificationRecord.deleteMany({ userId }),
      Reflection.deleteMany({ userId }),
      FocusSession.deleteMany({ userId }),
      StudyDay.deleteMany({ userId }),
      StudyPlan.deleteOne({ _id: userId }),
      // Both are keyed "<viewerId>:<kind>:<learnerId>:…".
      AlertDismissal.deleteMany({ _id: { $regex: `(^|:)${user.id}:` } }),
      AlertNotice.deleteMany({ _id: { $regex: `(^|:)${user.id}:` } }),
      GuardianLink.deleteMany({ $or: [{ guardianId: userId }, { learnerId: userId }] }),
      LinkCode.deleteMany({ learnerId: userId }),
      Message.updateMany(
        { authorId: userId },
        { $set: { text: "", authorName: DELETED_NAME, mentions: [], deletedAt: now } },
      ),
      Order.updateMany({ userId, shipping: { $ne: null } }, { $set: { shipping: null } }),
    ]);
    await this.uploads.removePersonalFiles(user.id);
    await this.#withdrawPendingGifts(user.id);
    await recordAudit({ actorId: user.id, action: "account.deleted", targetId: user.id });
  }

  /**
   * Gifts this account set as a guardian and the learner has not unlocked are withdrawn, as the
   * guardian could have done (their budget gets back what it paid). Unlocked, opened or activated
   * gifts stay with the learner they were given to, naming a guardian who is now "Deleted user".
   */
  async #withdrawPendingGifts(guardianId: string): Promise<void> {
    const tried: Types.ObjectId[] = [];
    for (;;) {
      const pending = await Gift.find({ guardianId, status: "locked", _id: { $nin: tried } }, { _id: 1 })
        .limit(GIFT_BATCH)
        .lean();
      if (pending.length === 0) return;
      for (const gift of pending) {
        tried.push(gift._id);
        // One the learner unlocked meanwhile is theirs now: it stays, like any unlocked gift.
        await this.gifts.withdraw(guardianId, String(gift._id)).catch((error: unknown) => {
          if (!(error instanceof AppError && error.code === "conflict")) throw error;
        });
      }
    }
  }
}
