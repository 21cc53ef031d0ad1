import type { ChangeEmailBody, ChangePasswordBody, Locale, UpdateMeBody } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import { RedisRateLimiter } from "../../platform/rate-limit";
import type { RedisClient } from "../../platform/redis";
import type { MailSender } from "../mail/mail.queue";
import { accountsKeys } from "./accounts.keys";
import type { AccountsService } from "./accounts.service";
import { appLink } from "./links";
import { emailChangeAttemptedMail, emailChangedMail, emailChangeLinkMail } from "./mails/account.mails";
import { hashPassword } from "./passwords";
import { pendingEmailChanges } from "./pending-email-changes";
import { User, type UserDoc } from "./user.model";

export interface ProfileSettings {
  /** How long an email-change link works. */
  emailLinkTtlMs: number;
  /** Where links in emails point. */
  publicUrl: string;
}

/** Email-change mails one address receives at most per hour, whoever asks for them. */
const EMAIL_CHANGE_MAILS_PER_ADDRESS_PER_HOUR = 5;

/**
 * What a person changes about their own account: name, time zone, notification preferences,
 * password and email address. Knows nothing of HTTP or sockets.
 */
export class ProfileService {
  private readonly emailChanges: ReturnType<typeof pendingEmailChanges>;
  private readonly mailLimit: RedisRateLimiter;

  constructor(
    private readonly accounts: AccountsService,
    private readonly settings: ProfileSettings,
    store: { redis: RedisClient; prefix: string },
    private readonly mail: MailSender,
  ) {
    this.emailChanges = pendingEmailChanges(store.redis, store.prefix, settings.emailLinkTtlMs);
    this.mailLimit = new RedisRateLimiter(
      store.redis,
      store.prefix,
      "email-change-mail",
      EMAIL_CHANGE_MAILS_PER_ADDRESS_PER_HOUR,
      3_600_000,
    );
  }

  /**
   * Sets the fields given. A new time zone moves the learner's calendar: awards from now on count in
   * its days and weeks (the ledger reads the zone at each award), and so does the streak.
   */
  async update(user: UserDoc, changes: UpdateMeBody): Promise<UserDoc> {
    const updated = await User.findOneAndUpdate({ _id: user._id }, { $set: changes }, { returnDocument: "after" });
    if (!updated) throw new AppError("not_found", "this account no longer exists");
    return updated;
  }

  /**
   * Changes the password, then ends every other session of the account on every node (its refresh
   * family, access tokens, sockets and documents), so whoever knew the old password is out at once.
   * The session that asked carries on.
   */
  async changePassword(user: UserDoc, sessionId: string, body: ChangePasswordBody, clientIp: string): Promise<void> {
    await this.accounts.checkPassword(user, body.currentPassword, clientIp);
    const passwordHash = await hashPassword(body.newPassword);
    await User.updateOne({ _id: user._id }, { $set: { passwordHash } });
    // After the new hash is stored: a login with the old password from here on fails.
    await this.accounts.endOtherSessions(user.id, sessionId, "password_changed");
  }

  /**
   * Mails the new address a one-time link; nothing changes until it is opened. An address that has
   * an account gets a note instead, and the caller the same answer either way.
   */
  async requestEmailChange(user: UserDoc, body: ChangeEmailBody, clientIp: string, locale: Locale): Promise<void> {
    await this.accounts.checkPassword(user, body.currentPassword, clientIp);
    if (body.email === user.email) throw new AppError("invalid_payload", "this is already your email address");
    const taken = await User.findOne({ email: body.email }, { locale: 1 }).lean();
    const { allowed } = await this.mailLimit.hit(accountsKeys.emailChangeMailSubject(body.email));
    if (!allowed) return;
    if (taken) {
      await this.mail.send(emailChangeAttemptedMail({ to: body.email, locale: taken.locale ?? locale }));
      return;
    }
    const token = await this.emailChanges.issue({ userId: user.id, email: body.email });
    const link = appLink(this.settings.publicUrl, "/email/confirm", `token=${token}`);
    await this.mail.send(
      emailChangeLinkMail({
        to: body.email,
        locale: user.locale ?? locale,
        displayName: user.displayName,
        link,
        ttlMs: this.settings.emailLinkTtlMs,
      }),
    );
  }

  /**
   * Opens an email-change link: the account moves to the new address, and the old one is told. The
   * link works once; an address taken meanwhile loses on the unique email index (`link_invalid`).
   */
  async confirmEmailChange(token: string, locale: Locale): Promise<{ email: string }> {
    const change = await this.emailChanges.take(token);
    if (!change) throw new AppError("link_invalid", "this link has expired or was already used");
    let before: UserDoc | null;
    try {
      before = await User.findOneAndUpdate(
        { _id: change.userId, disabled: false },
        { $set: { email: change.email } },
        { returnDocument: "before" },
      );
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError("link_invalid", "this address belongs to another account now");
      throw error;
    }
    if (!before) throw new AppError("link_invalid", "this link's account can no longer change its address");
    if (before.email !== change.email) {
      const mail = { to: before.email, locale: before.locale ?? locale, newEmail: change.email };
      await this.mail.send(emailChangedMail(mail));
    }
    return { email: change.email };
  }
}
