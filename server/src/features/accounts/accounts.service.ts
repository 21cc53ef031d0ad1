import type { LoginBody, Role, Session, SessionEndReason } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import type { RedisClient } from "../../platform/redis";
import { LastSeen } from "./last-seen";
import { LoginLocks, lockedError } from "./login-locks";
import { verifyAgainstDummy, verifyPassword } from "./passwords";
import { RefreshFamily, RefreshToken, RefreshTokenUse } from "./refresh-token.model";
import { SessionEnds } from "./session-ends";
import { type AccessTokens, hashRefreshToken, newFamilyId, newRefreshToken, type SessionRef } from "./tokens";
import { toUserView, User, type UserDoc } from "./user.model";

export interface IssuedSession extends Session {
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

/** An access token shown and accepted: its account, and the session it belongs to. */
export interface Authenticated {
  user: UserDoc;
  session: SessionRef;
  expiresAt: Date;
}

/** Where a sign-in comes from: shown in the account's list of its sessions. */
export interface ClientInfo {
  ip: string;
  userAgent: string;
}

/** Sessions ended before their tokens expired: one session (`sessionId`), or every one of the account (null). */
export interface SessionEnd {
  userId: string;
  sessionId: string | null;
  reason: SessionEndReason;
}

export interface AccountsSettings {
  refreshTtlMs: number;
  maxLoginFailures: number;
  lockMs: number;
  /** Roles that must sign in with a second factor. */
  twoFactorRoles: readonly Role[];
}

/** Accounts, passwords and the two kinds of tokens. Knows nothing of HTTP or sockets. */
export class AccountsService {
  private readonly locks: LoginLocks;
  private readonly ends: SessionEnds;
  /** When and from where each session was last used, for the account's list of its sessions. */
  readonly lastSeen: LastSeen;
  private readonly endListeners: Array<(end: SessionEnd) => Promise<void>> = [];

  constructor(
    private readonly tokens: AccessTokens,
    private readonly settings: AccountsSettings,
    /** Login failures and session ends: INCR and SET are atomic, where FerretDB's updates may not be. */
    store: { redis: RedisClient; prefix: string },
  ) {
    const { redis, prefix } = store;
    this.locks = new LoginLocks(redis, prefix, settings.maxLoginFailures, settings.lockMs);
    this.ends = new SessionEnds(redis, prefix, tokens.ttlMs);
    this.lastSeen = new LastSeen(redis, prefix, settings.refreshTtlMs);
  }

  /**
   * Checks a login's password and answers its account; the caller starts the session (or asks for
   * the second factor first). Failures lock the pair of this email and this client address, never
   * the account: a locked pair is refused whatever the password, and every other pair (the owner's
   * own address) keeps logging in with the right one. See LoginLocks. The pair's count is cleared
   * only once the whole sign-in succeeds (`loginSucceeded`), so a right password between wrong
   * second-factor codes does not start their count afresh.
   */
  async checkLogin(body: LoginBody, clientIp: string): Promise<UserDoc> {
    const wrong = new AppError("invalid_credentials", "wrong email or password");
    const user = await User.findOne({ email: body.email });
    // An unknown address spends a password check too, so timing does not tell it from a known one.
    const check = () => (user ? verifyPassword(user.passwordHash, body.password) : verifyAgainstDummy(body.password));
    await this.guardAttempt(body.email, clientIp, wrong, check, { clear: false });
    if (!user) throw wrong;
    if (user.disabled) throw new AppError("account_disabled", "this account is disabled");
    return user;
  }

  /** The account's role must sign in with a second factor: without one, it may do nothing but enrol. */
  twoFactorRequired(user: UserDoc): boolean {
    return this.settings.twoFactorRoles.includes(user.role);
  }

  /** Required to use a second factor and not enrolled yet: only the enrolment is open to it. */
  mustEnrolTwoFactor(user: UserDoc): boolean {
    return !user.twoFactorEnabled && this.twoFactorRequired(user);
  }

  /** The whole sign-in of this pair succeeded: its failure count starts afresh. */
  async loginSucceeded(email: string, clientIp: string): Promise<void> {
    await this.locks.clear(email, clientIp);
  }

  /**
   * Runs one guess (password, authenticator or recovery code) under the login lock of this email and
   * client address: refused while the pair is locked; a wrong guess counts, and the one that reaches
   * the limit locks the pair. All guessing shares one count, so no second door guesses faster.
   */
  async guardAttempt(
    email: string,
    clientIp: string,
    wrong: AppError,
    check: () => Promise<boolean>,
    opts: { clear: boolean } = { clear: true },
  ): Promise<void> {
    const lockedForMs = await this.locks.lockedForMs(email, clientIp);
    if (lockedForMs > 0) throw lockedError(lockedForMs);
    if (await check()) {
      if (opts.clear) await this.locks.clear(email, clientIp);
      return;
    }
    if (await this.locks.fail(email, clientIp)) throw lockedError(this.settings.lockMs);
    throw wrong;
  }

  /**
   * Checks the account's current password before a change that needs it (password, email, deletion).
   * Wrong ones count against the login lock of this email and client address, so a stolen access
   * token guesses no faster here than at the login form.
   */
  async checkPassword(user: UserDoc, password: string, clientIp: string): Promise<void> {
    const wrong = new AppError("wrong_password", "the current password is not right");
    await this.guardAttempt(user.email, clientIp, wrong, () => verifyPassword(user.passwordHash, password));
  }

  /** Rotates a refresh token. Presenting a token that was already rotated revokes its whole family. */
  async refresh(refreshToken: string, client: ClientInfo, now = new Date()): Promise<IssuedSession> {
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
      await this.endSession(String(stored.userId), stored.familyId, "refresh_reused");
      throw new AppError("refresh_reused", "this refresh token was already used; the session has been ended");
    }
    const user = await User.findById(stored.userId);
    if (!user || user.disabled) {
      await this.revokeFamily(stored.familyId, "disabled");
      throw new AppError("account_disabled", "this account is disabled");
    }
    // Last seen and from where: the account's list of sessions shows them.
    await this.lastSeen.mark(String(stored.userId), stored.familyId, client.ip, now.getTime());
    return this.issue(user, stored.familyId, now);
  }

  /** Ends the session: its refresh token, its access tokens and its connections. */
  async logout(refreshToken: string): Promise<void> {
    const stored = await RefreshToken.findById(hashRefreshToken(refreshToken));
    if (stored) await this.endSession(String(stored.userId), stored.familyId, "logged_out");
  }

  /** Resolves an access token to a live, enabled account whose session and tokens were not ended since. */
  async authenticate(accessToken: string): Promise<Authenticated> {
    const claims = await this.tokens.verify(accessToken);
    const { expiresAt, ...session } = claims;
    return { user: await this.resume(session), session, expiresAt };
  }

  /**
   * The account behind a session that was authenticated before (a collaboration ticket's), if it
   * still stands: enabled, its tokens not invalidated, the session not ended.
   */
  async resume(session: SessionRef): Promise<UserDoc> {
    const [user, ended] = await Promise.all([User.findById(session.userId), this.ends.reasonEnded(session)]);
    if (!user || user.tokenVersion !== session.tokenVersion || ended) {
      throw new AppError("unauthorized", "this token was revoked");
    }
    if (user.disabled) throw new AppError("account_disabled", "this account is disabled");
    return user;
  }

  /**
   * Why the session's tokens were ended, or null while they stand. Redis only, no database: cheap
   * enough for every socket event.
   */
  reasonEnded(session: SessionRef): Promise<SessionEndReason | null> {
    return this.ends.reasonEnded(session);
  }

  /** Calls `listener` with every end this node decides, to close the connections it names everywhere. */
  onSessionsEnded(listener: (end: SessionEnd) => Promise<void>): void {
    this.endListeners.push(listener);
  }

  /** Ends every session of a user (disable, password change): refresh families revoked, tokens and connections ended. */
  async revokeAllSessions(userId: string, reason: SessionEndReason): Promise<void> {
    await RefreshFamily.updateMany(
      { userId, revokedAt: null },
      { $set: { revokedAt: new Date(), revokedReason: reason } },
    );
    await this.endAccessTokens(userId, reason);
    await this.lastSeen.forget(userId, null);
  }

  /**
   * Ends every session of the account but `keepSessionId` (a password change keeps the tab that
   * made it): each one's refresh family, access tokens and connections, on every node.
   */
  async endOtherSessions(userId: string, keepSessionId: string, reason: SessionEndReason): Promise<void> {
    const others = await RefreshFamily.find({ userId, revokedAt: null, _id: { $ne: keepSessionId } }, { _id: 1 });
    await Promise.all(others.map((family) => this.endSession(userId, String(family._id), reason)));
  }

  /**
   * Ends the account's access tokens and connections but keeps its sessions: a refresh then issues
   * a token that carries what changed (a new role), and the client carries on with it.
   */
  async endAccessTokens(userId: string, reason: SessionEndReason): Promise<void> {
    const user = await User.findOneAndUpdate(
      { _id: userId },
      { $inc: { tokenVersion: 1 } },
      { returnDocument: "after" },
    );
    if (!user) return;
    await this.ends.endAccount(userId, user.tokenVersion, reason);
    await this.announceEnd({ userId, sessionId: null, reason });
  }

  /** A new session (refresh family) for an account whose sign-in succeeded. */
  async startSession(user: UserDoc, client: ClientInfo): Promise<IssuedSession> {
    const familyId = newFamilyId();
    const now = new Date();
    await RefreshFamily.create({
      _id: familyId,
      userId: user._id,
      ip: client.ip,
      userAgent: client.userAgent.slice(0, 512),
    });
    await this.lastSeen.mark(user.id, familyId, client.ip, now.getTime());
    return this.issue(user, familyId, now);
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
    const access = await this.tokens.sign(
      { userId: user.id, sessionId: familyId, tokenVersion: user.tokenVersion },
      now.getTime(),
    );
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

  /** The family, then its access tokens, then its connections: a client told of the end cannot refresh past it. */
  async endSession(userId: string, familyId: string, reason: SessionEndReason): Promise<void> {
    await this.revokeFamily(familyId, reason);
    await this.ends.endSession(familyId, reason);
    await this.announceEnd({ userId, sessionId: familyId, reason });
    await this.lastSeen.forget(userId, familyId);
  }

  private async announceEnd(end: SessionEnd): Promise<void> {
    await Promise.all(this.endListeners.map((listener) => listener(end)));
  }
}
