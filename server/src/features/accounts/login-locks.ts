import { AppError } from "../../platform/errors";
import type { RedisClient } from "../../platform/redis";
import { accountsKeys } from "./accounts.keys";

/**
 * Failed-login locks per pair of email address and client address, so that guessing from one
 * address stops there while the owner, from theirs, keeps logging in. Counting the pair (not the
 * account) means nobody can lock someone else out; keying it by the email as typed (not the user)
 * means unknown addresses lock exactly like known ones, so a lock does not reveal an account.
 */
export class LoginLocks {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly maxFailures: number,
    private readonly lockMs: number,
  ) {}

  /** Milliseconds until the pair may try again; 0 when it is not locked. */
  async lockedForMs(email: string, clientIp: string): Promise<number> {
    const ttl = await this.redis.pttl(accountsKeys.loginLock(this.prefix, email, clientIp));
    return Math.max(ttl, 0);
  }

  /**
   * Counts one failure (INCR, so failures sent at once all count); the one that reaches the limit
   * locks the pair for `lockMs` and answers true.
   */
  async fail(email: string, clientIp: string): Promise<boolean> {
    const failures = accountsKeys.loginFailures(this.prefix, email, clientIp);
    const [[, count]] = (await this.redis.multi().incr(failures).pexpire(failures, this.lockMs).exec()) as [
      [Error | null, number],
    ];
    if (count < this.maxFailures) return false;
    await this.redis
      .multi()
      .set(accountsKeys.loginLock(this.prefix, email, clientIp), "1", "PX", this.lockMs)
      .del(failures)
      .exec();
    return true;
  }

  /** A successful login starts the pair's count afresh. */
  async clear(email: string, clientIp: string): Promise<void> {
    await this.redis.del(accountsKeys.loginFailures(this.prefix, email, clientIp));
  }
}

export function lockedError(lockedForMs: number): AppError {
  return new AppError("account_locked", "too many failed logins from here; try again later", {
    retryAfterSeconds: Math.ceil(lockedForMs / 1000),
  });
}
