import { AccountDeletion } from "./features/account-data/deletion.service";
import { type AccountsService, PasswordResets, Signups } from "./features/accounts";
import type { GiftsService } from "./features/gifts/gifts.service";
import type { MailSender } from "./features/mail/mail.queue";
import { DeviceSessions } from "./features/sessions/sessions.service";
import { SignIn, TrustedDevices, TwoFactorService } from "./features/two-factor";
import { SecretBox } from "./features/two-factor/secret-box";
import type { UploadsService } from "./features/uploads/uploads.service";
import type { Config } from "./platform/config";
import type { RedisClient } from "./platform/redis";

/**
 * The services around signing up and in, and an account's safety, that a node's routes call: built
 * here so index.ts stays the outline.
 */
export function accountSecurity(
  accounts: AccountsService,
  config: Config,
  store: { redis: RedisClient; prefix: string },
  mail: MailSender,
  owned: { uploads: UploadsService; gifts: GiftsService },
) {
  const trustedDevices = new TrustedDevices(
    config.JWT_SECRET,
    config.JWT_ISSUER,
    config.TRUSTED_DEVICE_TTL_SECONDS * 1000,
  );
  const twoFactor = new TwoFactorService(accounts, trustedDevices, store, new SecretBox(config.JWT_SECRET));
  return {
    signups: new Signups(
      accounts,
      { signupTtlMs: config.SIGNUP_LINK_TTL_SECONDS * 1000, publicUrl: config.PUBLIC_URL },
      store,
      mail,
    ),
    trustedDevices,
    twoFactor,
    signIn: new SignIn(accounts, twoFactor, trustedDevices, store),
    passwordResets: new PasswordResets(
      accounts,
      trustedDevices,
      { ttlMs: config.PASSWORD_RESET_TTL_SECONDS * 1000, publicUrl: config.PUBLIC_URL },
      store,
      mail,
    ),
    deviceSessions: new DeviceSessions(accounts, config.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
    accountDeletion: new AccountDeletion(accounts, owned.uploads, owned.gifts),
  };
}
