import type { LoginBody, RegisterBody, Session } from "@chalkline/shared";
import type { Redis } from "ioredis";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./passwords";
import { RefreshFamily, RefreshToken, RefreshTokenUse } from "./refresh-token.model";
import { type AccessTokens, hashRefreshToken, newFamilyId, newRefreshToken } from "./tokens";
import { toUserView, User, type UserDoc } from "./user.model";

export interface IssuedSession extends Session {
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

export interface AccountsSettings {
  refreshTtlMs: number;
  maxLoginFailures: number;
  lockMs: number;
}

/** Accounts, passwords and the two kinds of tokens. Knows nothing of HTTP or sockets. */
export class AccountsService {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly settings: AccountsSettings,
    /** Counts failed logins: INCR is atomic, where FerretDB can lose concurrent `$inc`s. */
    private readonly failures: { redis: Redis; prefix: string },
  ) {}

  async register(body: RegisterBody): Promise<IssuedSession> {
    const passwordHash = await hashPassword(body.password);
    try {
      const user = await User.create({
        email: body.email,
        passwordHash,
        displayName: body.displayName,
        role: body.role,
      });
      return this.startSession(user);
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError("email_taken", "an account with this email already exists");
      throw error;
    }
  }

  /** The zone of the learner's calendar; awards from now on count in its days and weeks. */
  async setTimeZone(user: UserDoc, timeZone: string): Promise<UserDoc> {
    user.timeZone = timeZone;
    await User.updateOne({ _id: user._id }, { $set: { timeZone } });
    return user;
  }

  async login(body: LoginBody, now = new Date()): Promise<IssuedSession> {
    const user = await User.findOne({ email: body.email });
    if (!user) {
      await verifyAgainstDummy(body.password);
      throw new AppError("invalid_credentials", "wrong email or password");
    }
    this.assertNotLocked(user, now);
    if (!(await verifyPassword(user.passwordHash, body.password))) {
      await this.recordFailure(user, now);
    }
    if (user.disabled) throw new AppError("account_disabled", "this account is disabled");
    await this.failures.redis.del(this.failureKey(user.id));
    if (user.lockedUntil) await User.updateOne({ _id: user._id }, { $set: { lockedUntil: null } });
    return this.startSession(user);
  }

  /** Rotates a refresh token. Presenting a token that was already rotated revokes its whole family. */
  async refresh(refreshToken: string, now = new Date()): Promise<IssuedSession> {
    const hash = hashRefreshToken(refreshToken);
    const stored = await RefreshToken.findById(hash);
    if (!stored) throw new AppError("unauthorized", "unknown refresh token");
    const family = await RefreshFamily.findById(stored.familyId);
    if (!family || family.revokedAt) throw new AppError("unauthorized", "this session has ended");
    if (stored.expiresAt <= now) throw new AppError("unauthorized", "refresh token expired");
    try {
      await RefreshTokenUse.create({ _id: hash, familyId: stored.familyId });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await this.revokeFamily(stored.familyId, "reuse");
      throw new AppError("refresh_reused", "this refresh token was already used; the session has been ended");
    }
    const user = await User.findById(stored.userId);
    if (!user || user.disabled) {
      await this.revokeFamily(stored.familyId, "disabled");
      throw new AppError("account_disabled", "this account is disabled");
    }
    return this.issue(user, stored.familyId, now);
  }

  async logout(refreshToken: string): Promise<void> {
    const stored = await RefreshToken.findById(hashRefreshToken(refreshToken));
    if (stored) await this.revokeFamily(stored.familyId, "logout");
  }

  /** Resolves an access token to a live, enabled account whose tokens were not invalidated since. */
  async authenticate(accessToken: string): Promise<{ user: UserDoc; expiresAt: Date }> {
    const claims = await this.tokens.verify(accessToken);
    const user = await User.findById(claims.userId);
    if (!user || user.tokenVersion !== claims.tokenVersion)
      throw new AppError("unauthorized", "this token was revoked");
    if (user.disabled) throw new AppError("account_disabled", "this account is disabled");
    return { user, expiresAt: claims.expiresAt };
  }

  /** Ends every session of a user: refresh families revoked, access tokens invalidated. */
  async revokeAllSessions(userId: string, reason: string): Promise<void> {
    await User.updateOne({ _id: userId }, { $inc: { tokenVersion: 1 } });
    await RefreshFamily.updateMany(
      { userId, revokedAt: null },
      { $set: { revokedAt: new Date(), revokedReason: reason } },
    );
  }

  private assertNotLocked(user: UserDoc, now: Date): void {
    if (user.lockedUntil && user.lockedUntil > now) {
      const retryAfterSeconds = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000);
      throw new AppError("account_locked", "too many failed logins; try again later", { retryAfterSeconds });
    }
  }

  private failureKey(userId: string): string {
    return `${this.failures.prefix}login-failures:${userId}`;
  }

  /** Failures since the last success (forgotten after a lock's length); the limit locks the account. */
  private async recordFailure(user: UserDoc, now: Date): Promise<never> {
    const key = this.failureKey(user.id);
    const [[, count]] = (await this.failures.redis.multi().incr(key).pexpire(key, this.settings.lockMs).exec()) as [
      [Error | null, number],
    ];
    if (count >= this.settings.maxLoginFailures) {
      const lockedUntil = new Date(now.getTime() + this.settings.lockMs);
      await User.updateOne({ _id: user._id }, { $set: { lockedUntil } });
      await this.failures.redis.del(key);
      throw new AppError("account_locked", "too many failed logins; the account is locked for a while", {
        retryAfterSeconds: Math.ceil(this.settings.lockMs / 1000),
      });
    }
    throw new AppError("invalid_credentials", "wrong email or password");
  }

  private async startSession(user: UserDoc): Promise<IssuedSession> {
    const familyId = newFamilyId();
    await RefreshFamily.create({ _id: familyId, userId: user._id });
    return this.issue(user, familyId, new Date());
  }

  private async issue(user: UserDoc, familyId: string, now: Date): Promise<IssuedSession> {
    const refreshToken = newRefreshToken();
    const refreshTokenExpiresAt = new Date(now.getTime() + this.settings.refreshTtlMs);
    await RefreshToken.create({
      _id: hashRefreshToken(refreshToken),
      familyId,
      userId: user._id,
      expiresAt: refreshTokenExpiresAt,
    });
    const access = await this.tokens.sign(user.id, user.tokenVersion, now.getTime());
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      user: toUserView(user),
      refreshToken,
      refreshTokenExpiresAt,
    };
  }

  private async revokeFamily(familyId: string, reason: string): Promise<void> {
    await RefreshFamily.updateOne(
      { _id: familyId, revokedAt: null },
      { $set: { revokedAt: new Date(), revokedReason: reason } },
    );
  }
}
