import { type DailyCounter, utcDayOf } from "@chalkline/shared";
import type { Logger } from "../../platform/logger";
import type { RedisClient } from "../../platform/redis";
import { analyticsKeys } from "./analytics.keys";
import { DailyStats } from "./analytics.model";

/** A counter of shared's DAILY_COUNTERS, or revenue of one item sold. */
export type CounterField = DailyCounter | `${"gross" | "refund"}:${"course" | "product" | "plan"}:${string}`;

/** How often a node copies the days' hashes into their documents. */
const FLUSH_INTERVAL_MS = 15_000;
/** How often a node sends the counts it gathered to Redis: one MULTI a day per tick, whatever the traffic. */
const SEND_INTERVAL_MS = 1_000;
/**
 * Distinct (day, field) counts a node holds unsent. Repeats add to one entry, so this is only reached
 * when Redis has been unreachable long enough for many revenue lines to pile up; past it, new counts
 * are dropped (and logged) rather than growing the node's memory without limit.
 */
const MAX_PENDING_FIELDS = 10_000;
/** A day stays dirty this long after it ends, for counts made by a node whose clock is behind. */
const LATE_COUNTS_MS = 3_600_000;
/** A day's hash outlives its last flush by far; its document is the record after that. */
const DAY_HASH_TTL_SECONDS = 3 * 86_400;
/** Active users stay countable over rolling weeks and months for a year. */
const ACTIVE_TTL_SECONDS = 400 * 86_400;
/** Accounts marked active today on this node: a repeat skips Redis (bounded, then cleared). */
const MAX_SEEN_IN_MEMORY = 50_000;

/**
 * The platform's daily counters. Events add to a node's pending counts in memory; once a second the
 * node adds them to each day's Redis hash in one MULTI (HINCRBY: atomic across nodes, unlike a
 * read-modify-write on the document store) and marks the day dirty, so a busy chat costs Redis one
 * round trip a second rather than one per message. Every node copies dirty days into one document
 * per day now and then, under a lock. Counting never waits: callers fire and forget, and a failure
 * is logged, never thrown into the request that counted; counts Redis refused are sent again on the
 * next tick.
 */
export class DailyCounters {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #logger: Logger;
  readonly #timer: NodeJS.Timeout;
  readonly #sendTimer: NodeJS.Timeout;
  /** Counts not yet in Redis: day → field → delta. */
  #pending = new Map<string, Map<string, number>>();
  #pendingFields = 0;
  /** Counts dropped since the last tick because too many were pending. */
  #dropped = 0;
  #sending: Promise<void> | null = null;
  #seenDay = "";
  #seen = new Set<string>();

  constructor(deps: { redis: RedisClient; prefix: string; logger: Logger }) {
    this.#redis = deps.redis;
    this.#prefix = deps.prefix;
    this.#logger = deps.logger;
    this.#timer = setInterval(() => this.#flushQuietly(), FLUSH_INTERVAL_MS);
    this.#timer.unref();
    this.#sendTimer = setInterval(() => this.#sendQuietly(), SEND_INTERVAL_MS);
    this.#sendTimer.unref();
  }

  /** Adds to today's counters (in Redis within a second). */
  add(deltas: Partial<Record<CounterField, number>>, at = new Date()): void {
    this.#hold(utcDayOf(at), Object.entries(deltas) as Array<[string, number]>);
  }

  /**
   * Sends the pending counts to Redis now, one MULTI per day. One send at a time: a caller that finds
   * one under way waits for it, then sends what was counted since. Counts Redis did not take stay
   * pending for the next tick; a lost reply can count them twice, which beats losing them.
   */
  async flushPending(): Promise<void> {
    while (this.#sending) await this.#sending;
    if (this.#pending.size === 0) return;
    const pending = this.#pending;
    this.#pending = new Map();
    this.#pendingFields = 0;
    this.#sending = Promise.all([...pending].map(([day, fields]) => this.#sendDay(day, fields)))
      .then(() => undefined)
      .finally(() => {
        this.#sending = null;
      });
    await this.#sending;
  }

  /**
   * Adds to today's counters the first time `member` is seen in `scope` (a class's attendees): the
   * set remembers members for a few days, which is longer than any scope counted this way lasts.
   */
  addOnce(scope: string, member: string, deltas: Partial<Record<CounterField, number>>): void {
    const key = analyticsKeys.once(this.#prefix, scope);
    this.#redis
      .multi()
      .sadd(key, member)
      .expire(key, DAY_HASH_TTL_SECONDS)
      .exec()
      .then((replies) => {
        if (replies?.[0]?.[1] === 1) this.add(deltas);
      })
      .catch((error: unknown) => this.#logger.warn({ err: error, scope }, "could not count an event"));
  }

  /** Counts the account among today's active users. */
  seen(userId: string, at = new Date()): void {
    const day = utcDayOf(at);
    if (day !== this.#seenDay || this.#seen.size >= MAX_SEEN_IN_MEMORY) {
      this.#seenDay = day;
      this.#seen = new Set();
    }
    if (this.#seen.has(userId)) return;
    this.#seen.add(userId);
    const key = analyticsKeys.active(this.#prefix, day);
    this.#redis
      .multi()
      .pfadd(key, userId)
      .expire(key, ACTIVE_TTL_SECONDS)
      .sadd(analyticsKeys.dirty(this.#prefix), day)
      .exec()
      .catch((error: unknown) => {
        this.#seen.delete(userId);
        this.#logger.warn({ err: error }, "could not count an active user");
      });
  }

  /** Moves Plus's monthly recurring revenue by `deltaCents` (a subscription started, changed or ended). */
  moveMrr(deltaCents: number): void {
    if (!deltaCents) return;
    this.#redis
      .multi()
      .incrby(analyticsKeys.mrr(this.#prefix), deltaCents)
      .sadd(analyticsKeys.dirty(this.#prefix), utcDayOf(new Date()))
      .exec()
      .catch((error: unknown) => this.#logger.warn({ err: error, deltaCents }, "could not move MRR"));
  }

  /**
   * Copies every dirty day (and today, for its MRR) into its document, then forgets the days long
   * over. One node at a time; the others skip. Copying writes absolute values, so it is safe to repeat.
   */
  async flush(now = new Date()): Promise<void> {
    await this.flushPending();
    const lock = analyticsKeys.flushLock(this.#prefix);
    if ((await this.#redis.set(lock, "1", "PX", FLUSH_INTERVAL_MS * 4, "NX")) !== "OK") return;
    try {
      const today = utcDayOf(now);
      const dirty = await this.#redis.smembers(analyticsKeys.dirty(this.#prefix));
      for (const day of new Set([...dirty, today])) {
        const counts = await readDay(this.#redis, this.#prefix, day, today);
        // A day whose hash expired while no node flushed (all down for days) keeps its document as it was.
        if (day === today || Object.keys(counts).some((field) => field !== "activeUsers")) {
          await DailyStats.updateOne({ _id: day }, { $set: { counts } }, { upsert: true });
        }
        if (Date.parse(`${day}T00:00:00Z`) + 86_400_000 + LATE_COUNTS_MS < now.getTime()) {
          await this.#redis.srem(analyticsKeys.dirty(this.#prefix), day);
        }
      }
    } finally {
      await this.#redis.del(lock);
    }
  }

  /** Stops the timers, sends the pending counts and copies what is left. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    clearInterval(this.#sendTimer);
    await this.#flushQuietly();
  }

  /** Adds deltas to the pending counts of `day`, dropping those that would pass the bound. */
  #hold(day: string, deltas: Iterable<[string, number]>): void {
    let fields = this.#pending.get(day);
    for (const [field, delta] of deltas) {
      if (!delta) continue;
      const held = fields?.get(field);
      if (held === undefined && this.#pendingFields >= MAX_PENDING_FIELDS) {
        this.#dropped++;
        continue;
      }
      if (!fields) {
        fields = new Map();
        this.#pending.set(day, fields);
      }
      if (held === undefined) this.#pendingFields++;
      fields.set(field, (held ?? 0) + delta);
    }
  }

  /** One day's counts in one MULTI; whatever Redis refused goes back to the pending counts. */
  async #sendDay(day: string, fields: Map<string, number>): Promise<void> {
    const key = analyticsKeys.day(this.#prefix, day);
    const batch = this.#redis.multi();
    for (const [field, delta] of fields) batch.hincrby(key, field, delta);
    batch.expire(key, DAY_HASH_TTL_SECONDS).sadd(analyticsKeys.dirty(this.#prefix), day);
    try {
      const replies = await batch.exec();
      if (!replies) throw new Error("the transaction was discarded");
      // Each HINCRBY succeeds or fails alone inside the transaction: only the failed ones are retried.
      const refused = [...fields].filter((_, i) => replies[i]?.[0]);
      if (refused.length > 0) {
        this.#hold(day, refused);
        this.#logger.warn({ err: replies.find((r) => r[0])?.[0], day }, "could not count events; retrying");
      }
    } catch (error) {
      this.#hold(day, fields);
      this.#logger.warn({ err: error, day }, "could not count events; retrying");
    }
  }

  async #sendQuietly(): Promise<void> {
    if (this.#dropped > 0) {
      this.#logger.error({ dropped: this.#dropped }, "dropped counts: too many pending while Redis refused them");
      this.#dropped = 0;
    }
    await this.flushPending().catch((error: unknown) => this.#logger.warn({ err: error }, "could not count events"));
  }

  async #flushQuietly(): Promise<void> {
    await this.flush().catch((error: unknown) => this.#logger.warn({ err: error }, "could not flush daily counters"));
  }
}

/** A day's counters as Redis holds them: the hash, the day's distinct active users, and (today) MRR. */
export async function readDay(
  redis: RedisClient,
  prefix: string,
  day: string,
  today: string,
): Promise<Record<string, number>> {
  const [hash, active, mrr] = await Promise.all([
    redis.hgetall(analyticsKeys.day(prefix, day)),
    redis.pfcount(analyticsKeys.active(prefix, day)),
    day === today ? redis.get(analyticsKeys.mrr(prefix)) : Promise.resolve(null),
  ]);
  const counts: Record<string, number> = Object.fromEntries(Object.entries(hash).map(([k, v]) => [k, Number(v)]));
  counts.activeUsers = active;
  if (mrr !== null) counts.mrrCents = Number(mrr);
  return counts;
}

let installed: DailyCounters | null = null;

/** Makes `countDaily` and friends count into `counters` (the node's, set once by the composition root). */
export function countInto(counters: DailyCounters): void {
  installed = counters;
}

/** Counts an event of today; a no-op where no counters are installed (unit tests, scripts). */
export function countDaily(deltas: Partial<Record<CounterField, number>>): void {
  installed?.add(deltas);
}

/** Counts an event of today the first time `member` does it in `scope`. */
export function countDailyOnce(scope: string, member: string, deltas: Partial<Record<CounterField, number>>): void {
  installed?.addOnce(scope, member, deltas);
}

export function countActiveUser(userId: string): void {
  installed?.seen(userId);
}

export function moveMrr(deltaCents: number): void {
  installed?.moveMrr(deltaCents);
}
