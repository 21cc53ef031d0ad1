import { type Locale, objectIdSchema } from "@chalkline/shared";
import { z } from "zod";
import { AppError } from "../../platform/errors";
import { OneTimeTokens } from "../../platform/one-time-tokens";
import { RedisRateLimiter } from "../../platform/rate-limit";
import type { RedisClient } from "../../platform/redis";
import { recordAudit } from "../audit/audit.model";
import type { MailSender } from "../mail/mail.queue";
import { accountsKeys } from "./accounts.keys";
import type { AccountsService } from "./accounts.service";
import { appLink } from "./links";
import { passwordResetLinkMail, passwordResetUnknownMail } from "./mails/account.mails";
import { hashPassword } from "./passwords";
import { User } from "./user.model";

const pendingResetSchema = z.object({ userId: objectIdSchema });

/** Reset mails one address receives at most per hour, whoever asks for them. */
const RESET_MAILS_PER_ADDRESS_PER_HOUR = 5;

export interface PasswordResetSettings {
  ttlMs: number;
  /** Where links in emails point. */
  publicUrl: string;
}

/**
 * "Forgot password": a one-time link mailed to the account's address sets a new password, then every
 * session of the account ends on every node and every trusted browser must give its code again.
 */
export class PasswordResets {
  private readonly pending: OneTimeTokens<typeof pendingResetSchema>;
  private readonly mailLimit: RedisRateLimiter;

  constructor(
    private readonly accounts: AccountsService,
    private readonly devices: { revokeAll(userId: string): Promise<void> },
    private readonly settings: PasswordResetSettings,
    store: { redis: RedisClient; prefix: string },
    private readonly mail: MailSender,
  ) {
    const { redis, prefix } = store;
    this.pending = new OneTimeTokens(
      redis,
      (tokenHash) => accountsKeys.passwordReset(prefix, tokenHash),
      pendingResetSchema,
      settings.ttlMs,
    );
    this.mailLimit = new RedisRateLimiter(redis, prefix, "reset-mail", RESET_MAILS_PER_ADDRESS_PER_HOUR, 3_600_000);
  }

  /**
   * Mails the address its link, or (no account) a note saying so. Both paths read the same, queue one
   * mail and answer alike, so neither the answer nor its timing tells whether the address has an account.
   */
  async request(email: string, requestLocale: Locale): Promise<void> {
    const user = await User.findOne({ email }, { displayName: 1, locale: 1 }).lean();
    const { allowed } = await this.mailLimit.hit(accountsKeys.passwordResetMailSubject(email));
    if (!allowed) return;
    if (!user) {
      await this.mail.send(
        passwordResetUnknownMail({ to: email, locale: requestLocale, registerUrl: this.link("/register") }),
      );
      return;
    }
    const token = await this.pending.issue({ userId: String(user._id) });
    const link = this.link("/password/reset", `token=${token}`);
    await this.mail.send(
      passwordResetLinkMail({
        to: email,
        locale: user.locale ?? requestLocale,
        displayName: user.displayName,
        link,
        ttlMs: this.settings.ttlMs,
      }),
    );
  }

  /** Opens a reset link (once, even when opened twice at the same moment) and sets the new password. */
  async reset(token: string, newPassword: string): Promise<void> {
    const pending = await this.pending.take(token);
    if (!pending) throw new AppError("link_invalid", "this reset link has expired or was already used");
    const passwordHash = await hashPassword(newPassword);
    const updated = await User.updateOne({ _id: pending.userId }, { $set: { passwordHash } });
    if (updated.matchedCount === 0) throw new AppError("link_invalid", "this reset link's account no longer exists");
    // After the new hash is stored: whoever knew the old password, or held a session, is out at once.
    await this.accounts.revokeAllSessions(pending.userId, "password_changed");
    await this.devices.revokeAll(pending.userId);
    await recordAudit({ actorId: pending.userId, action: "auth.password_reset", targetId: pending.userId });
  }

  private link(path: string, fragment?: string): string {
    return appLink(this.settings.publicUrl, path, fragment);
  }
}
