import { randomBytes } from "node:crypto";
import type { AccountsService } from "../accounts";
import { RefreshFamily, RefreshToken } from "../accounts/refresh-token.model";
import { User, type UserDoc } from "../accounts/user.model";
import { recordAudit } from "../audit/audit.model";
import { Message } from "../chat/chat.model";
import { NotificationRecord } from "../notifications/notifications.model";
import { Order } from "../orders/orders.model";
import { Reflection } from "../study/study.model";
import { RecoveryCodeUse, TrustedDevice, TwoFactor } from "../two-factor/two-factor.model";

export const DELETED_NAME = "Deleted user";

/**
 * "Delete my account". The account's personal data goes: its address, name and password, its second
 * factor, sessions, notifications and reflections, the text and name of its messages, and its
 * orders' shipping addresses. What the law lets a school keep stays, tied to an account that no
 * longer names anyone: the XP and points ledgers, the orders (amounts, items) and the audit log.
 */
export class AccountDeletion {
  constructor(private readonly accounts: AccountsService) {}

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
      Message.updateMany(
        { authorId: userId },
        { $set: { text: "", authorName: DELETED_NAME, mentions: [], deletedAt: now } },
      ),
      Order.updateMany({ userId, shipping: { $ne: null } }, { $set: { shipping: null } }),
    ]);
    await recordAudit({ actorId: user.id, action: "account.deleted", targetId: user.id });
  }
}
