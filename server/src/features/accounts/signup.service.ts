import type { Locale, RegisterBody } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import { RedisRateLimiter } from "../../platform/rate-limit";
import type { RedisClient } from "../../platform/redis";
import { countDaily } from "../analytics/analytics.counters";
import type { MailSender } from "../mail/mail.queue";
import { accountsKeys } from "./accounts.keys";
import type { AccountsService, ClientInfo, IssuedSession } from "./accounts.service";
import { appLink } from "./links";
import { signupAttemptedMail, signupLinkMail } from "./mails/account.mails";
import { hashPassword } from "./passwords";
import { pendingSignups } from "./pending-signups";
import { User } from "./user.model";

export interface SignupSettings {
  signupTtlMs: number;
  /** Where links in emails point. */
  publicUrl: string;
}

/** Sign-up mails one address receives at most per hour, whoever asks for them. */
const SIGNUP_MAILS_PER_ADDRESS_PER_HOUR = 5;

/** Sign-up by emailed link: no account exists until the link is opened. Knows nothing of HTTP. */
export class Signups {
  private readonly signups: ReturnType<typeof pendingSignups>;
  private readonly signupMailLimit: RedisRateLimiter;

  constructor(
    private readonly accounts: AccountsService,
    private readonly settings: SignupSettings,
    store: { redis: RedisClient; prefix: string },
    private readonly mail: MailSender,
  ) {
    const { redis, prefix } = store;
    this.signups = pendingSignups(redis, prefix, settings.signupTtlMs);
    this.signupMailLimit = new RedisRateLimiter(
      redis,
      prefix,
      "signup-mail",
      SIGNUP_MAILS_PER_ADDRESS_PER_HOUR,
      3_600_000,
    );
  }

  /**
   * Starts a sign-up without saying whether the address has an account: a new address is sent a
   * one-time link that creates the account, an existing one a note that someone tried. Both paths
   * hash the password, so they take the same time, and the caller answers both alike. The mail is
   * in the account's language if it chose one, else in the request's.
   */
  async register(body: RegisterBody, locale: Locale): Promise<void> {
    const passwordHash = await hashPassword(body.password);
    const existing = await User.findOne({ email: body.email }, { locale: 1 }).lean();
    // A bound on the mails anyone can make an address receive; past it the answer is still the same.
    const { allowed } = await this.signupMailLimit.hit(accountsKeys.signupMailSubject(body.email));
    if (!allowed) return;
    if (existing) {
      const mail = { to: body.email, locale: existing.locale ?? locale, loginUrl: this.link("/login") };
      await this.mail.send(signupAttemptedMail(mail));
      return;
    }
    const token = await this.signups.issue({
      email: body.email,
      passwordHash,
      displayName: body.displayName,
      role: body.role,
    });
    const link = this.link("/signup/complete", `token=${token}`);
    await this.mail.send(
      signupLinkMail({ to: body.email, locale, displayName: body.displayName, link, ttlMs: this.settings.signupTtlMs }),
    );
  }

  /**
   * Opens a sign-up link: creates the account and starts its session. A link works once; a second
   * sign-up of the same address (two links, or an account made meanwhile) loses on the unique email
   * index and gets the same answer as a used link.
   */
  async completeSignup(token: string, client: ClientInfo): Promise<IssuedSession> {
    const signup = await this.signups.take(token);
    if (!signup) throw new AppError("link_invalid", "this sign-up link has expired or was already used");
    try {
      const user = await User.create(signup);
      countDaily({ signups: 1 });
      return this.accounts.startSession(user, client);
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError("link_invalid", "this sign-up link can no longer be used");
      throw error;
    }
  }

  private link(path: string, fragment?: string): string {
    return appLink(this.settings.publicUrl, path, fragment);
  }
}
