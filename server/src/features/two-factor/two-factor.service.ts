import type { TwoFactorSetup, TwoFactorStatus } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import type { RedisClient } from "../../platform/redis";
import type { AccountsService } from "../accounts";
import { User, type UserDoc } from "../accounts/user.model";
import { recordAudit } from "../audit/audit.model";
import { hashRecoveryCode, newRecoveryCodes } from "./recovery-codes";
import { SecretBox } from "./secret-box";
import { enrolment, newTotpSecret, TotpCodes } from "./totp";
import type { TrustedDevices } from "./trusted-devices";
import { twoFactorKeys } from "./two-factor.keys";
import { RecoveryCodeUse, TwoFactor } from "./two-factor.model";

/** How long a secret shown for enrolment waits for the code that confirms it. */
const PENDING_SECRET_TTL_MS = 10 * 60_000;

/** A second factor as typed: a current code from the app, or one of the recovery codes. */
export type SecondFactor = { code: string } | { recoveryCode: string };

/** Enrolling, checking and removing an account's TOTP second factor. Knows nothing of HTTP. */
export class TwoFactorService {
  private readonly codes: TotpCodes;

  constructor(
    private readonly accounts: AccountsService,
    private readonly devices: TrustedDevices,
    private readonly store: { redis: RedisClient; prefix: string },
    private readonly box: SecretBox,
  ) {
    this.codes = new TotpCodes(store.redis, store.prefix);
  }

  async status(user: UserDoc): Promise<TwoFactorStatus> {
    const stored = user.twoFactorEnabled ? await TwoFactor.findById(user._id, { recoveryCodes: 1 }).lean() : null;
    return {
      enabled: user.twoFactorEnabled,
      required: this.accounts.twoFactorRequired(user),
      recoveryCodesLeft: stored?.recoveryCodes.length ?? 0,
    };
  }

  /** A new secret to scan; it becomes the account's only when a code from it is confirmed. */
  async setup(user: UserDoc): Promise<TwoFactorSetup> {
    if (user.twoFactorEnabled) throw new AppError("conflict", "two-factor sign-in is already on");
    const secret = newTotpSecret();
    await this.store.redis.set(this.pendingKey(user.id), secret, "PX", PENDING_SECRET_TTL_MS);
    return { secret, ...(await enrolment(secret, user.email)) };
  }

  /** Confirms the pending secret with a code from it and answers the ten recovery codes, shown this once. */
  async enable(user: UserDoc, code: string): Promise<string[]> {
    const secret = await this.store.redis.get(this.pendingKey(user.id));
    if (!secret) throw new AppError("conflict", "the enrolment expired; start again");
    if (!(await this.codes.accept(user.id, secret, code))) {
      throw new AppError("invalid_credentials", "that code is not right; check the app's clock and try the next one");
    }
    const recoveryCodes = newRecoveryCodes();
    try {
      await TwoFactor.create({
        _id: user._id,
        secret: this.box.seal(user.id, secret),
        recoveryCodes: recoveryCodes.map((c) => hashRecoveryCode(user.id, c)),
      });
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError("conflict", "two-factor sign-in is already on");
      throw error;
    }
    await User.updateOne({ _id: user._id }, { $set: { twoFactorEnabled: true } });
    await this.store.redis.del(this.pendingKey(user.id));
    await recordAudit({ actorId: user.id, action: "two_factor.enabled", targetId: user.id });
    return recoveryCodes;
  }

  /** Turns the second factor off, confirmed by a code or a recovery code (guesses count against the login lock). */
  async disable(user: UserDoc, factor: SecondFactor, clientIp: string): Promise<void> {
    if (!user.twoFactorEnabled) throw new AppError("conflict", "two-factor sign-in is already off");
    const wrong = new AppError("invalid_credentials", "that code is not right, or was already used");
    await this.accounts.guardAttempt(user.email, clientIp, wrong, () => this.verify(user, factor));
    await User.updateOne({ _id: user._id }, { $set: { twoFactorEnabled: false } });
    await TwoFactor.deleteOne({ _id: user._id });
    await RecoveryCodeUse.deleteMany({ userId: user._id });
    await this.devices.revokeAll(user.id);
    await recordAudit({ actorId: user.id, action: "two_factor.disabled", targetId: user.id });
  }

  /** True when the factor is right: a code not used before, or a recovery code, spent here. */
  async verify(user: UserDoc, factor: SecondFactor): Promise<boolean> {
    const stored = await TwoFactor.findById(user._id).lean();
    if (!stored) return false;
    if ("code" in factor) return this.codes.accept(user.id, await this.#secretOf(user, stored.secret), factor.code);
    const hash = hashRecoveryCode(user.id, factor.recoveryCode);
    if (!stored.recoveryCodes.includes(hash)) return false;
    try {
      await RecoveryCodeUse.create({ _id: `${user.id}:${hash}`, userId: user._id });
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    await TwoFactor.updateOne({ _id: user._id }, { $pull: { recoveryCodes: hash } });
    await recordAudit({ actorId: user.id, action: "two_factor.recovery_code_used", targetId: user.id });
    return true;
  }

  /** The stored secret opened; one stored before secrets were sealed is sealed on this first use. */
  async #secretOf(user: UserDoc, stored: string): Promise<string> {
    if (SecretBox.isSealed(stored)) return this.box.open(user.id, stored);
    await TwoFactor.updateOne({ _id: user._id, secret: stored }, { $set: { secret: this.box.seal(user.id, stored) } });
    return stored;
  }

  private pendingKey(userId: string): string {
    return twoFactorKeys.pendingSecret(this.store.prefix, userId);
  }
}
