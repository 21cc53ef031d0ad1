import { createHash, randomBytes } from "node:crypto";
import { type LoginBody, objectIdSchema, type TwoFactorChallenge, type TwoFactorLoginBody } from "@chalkline/shared";
import { z } from "zod";
import { AppError } from "../../platform/errors";
import type { RedisClient } from "../../platform/redis";
import type { AccountsService, ClientInfo, IssuedSession } from "../accounts/accounts.service";
import { User, type UserDoc } from "../accounts/user.model";
import { recordAudit } from "../audit/audit.model";
import type { TrustedDevices } from "./trusted-devices";
import { twoFactorKeys } from "./two-factor.keys";
import type { TwoFactorService } from "./two-factor.service";

/** How long a right password waits for its second factor. */
const CHALLENGE_TTL_MS = 5 * 60_000;
const challengeSchema = z.object({ userId: objectIdSchema, email: z.string() });

export type PasswordStep = { session: IssuedSession } | TwoFactorChallenge;
export interface SecondStep {
  session: IssuedSession;
  /** The trusted-device cookie to set, when the person asked to trust this browser. */
  device: { token: string; expiresAt: Date } | null;
}

/**
 * Signing in: the password, then (for an account with two-factor on, on a browser it does not
 * trust) a code. Every guess of either counts against the same login lock, and the lock's count
 * is cleared only when the whole sign-in succeeds. Each success is in the audit log.
 */
export class SignIn {
  constructor(
    private readonly accounts: AccountsService,
    private readonly twoFactor: TwoFactorService,
    private readonly devices: TrustedDevices,
    private readonly store: { redis: RedisClient; prefix: string },
  ) {}

  async withPassword(body: LoginBody, client: ClientInfo, deviceToken: unknown): Promise<PasswordStep> {
    const user = await this.accounts.checkLogin(body, client.ip);
    if (!user.twoFactorEnabled || (await this.devices.isTrusted(deviceToken, user.id))) {
      const method = user.twoFactorEnabled ? "password_trusted_device" : "password";
      return { session: await this.finish(user, body.email, client, method) };
    }
    const challenge = randomBytes(32).toString("base64url");
    const value = JSON.stringify({ userId: user.id, email: body.email } satisfies z.infer<typeof challengeSchema>);
    await this.store.redis.set(this.challengeKey(challenge), value, "PX", CHALLENGE_TTL_MS);
    return { status: "two_factor_required", challenge };
  }

  async withSecondFactor(body: TwoFactorLoginBody, client: ClientInfo): Promise<SecondStep> {
    const key = this.challengeKey(body.challenge);
    const stored = challengeSchema.safeParse(JSON.parse((await this.store.redis.get(key)) ?? "null"));
    if (!stored.success) throw new AppError("unauthorized", "this sign-in expired; enter your password again");
    const { userId, email } = stored.data;
    const user = await User.findById(userId);
    if (!user) throw new AppError("unauthorized", "this sign-in expired; enter your password again");
    if (user.disabled) throw new AppError("account_disabled", "this account is disabled");
    const factor = "code" in body ? { code: body.code } : { recoveryCode: body.recoveryCode };
    const wrong = new AppError("invalid_credentials", "that code is not right, or was already used");
    await this.accounts.guardAttempt(email, client.ip, wrong, () => this.twoFactor.verify(user, factor), {
      clear: false,
    });
    // A challenge signs in once, even when two right codes arrive for it at the same moment.
    if ((await this.store.redis.del(key)) !== 1) throw new AppError("unauthorized", "this sign-in was already used");
    const method = "code" in body ? "totp" : "recovery_code";
    const session = await this.finish(user, email, client, method);
    return { session, device: body.trustDevice ? await this.devices.trust(user.id) : null };
  }

  private async finish(user: UserDoc, email: string, client: ClientInfo, method: string): Promise<IssuedSession> {
    await this.accounts.loginSucceeded(email, client.ip);
    const session = await this.accounts.startSession(user, client);
    await recordAudit({
      actorId: user.id,
      action: "auth.signed_in",
      targetId: user.id,
      details: { method, ip: client.ip },
    });
    return session;
  }

  private challengeKey(challenge: string): string {
    return twoFactorKeys.challenge(this.store.prefix, createHash("sha256").update(challenge).digest("base64url"));
  }
}
