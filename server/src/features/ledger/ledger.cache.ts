import { CURRENCIES, type Currency, type LedgerEntryView } from "@chalkline/shared";
import type { RedisClient } from "../../platform/redis";
import type { ChainHead } from "./ledger.chain";
import { ledgerKeys } from "./ledger.keys";
import type { LedgerEntry } from "./ledger.model";

/** Entries of each chain kept for the ledger page's first screens. */
export const RECENT_ENTRIES = 100;
/** A learner who stops earning is forgotten; the next read finds their heads in the database again. */
const TTL_SECONDS = 7 * 24 * 3600;

/**
 * Raises a chain's cached head, never lowers it: nodes record entries in any order, and a slow one
 * must not move the head back. KEYS: heads hash. ARGV: currency, seq, balanceAfter, ttl.
 */
const ADVANCE_HEAD = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current and tonumber(string.match(current, '^(%d+)')) >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
`;

interface AdvanceCommand {
  ledgerAdvanceHead(key: string, currency: string, seq: number, total: number, ttl: number): Promise<number>;
}

/**
 * Where each learner's chains end, and their newest entries, in Redis — so reading a balance or the
 * first page of a ledger asks no question of the ledger collections, which the embedded store can
 * only answer by reading them whole. Entries are recorded once they are stored (ledger.chain.ts), so
 * a cached head is never ahead of the database; it can be behind when a node died between the two,
 * which delays what reads show until the next append or the recovery sweep finds the entry (both
 * read the database). A missing head (Redis restarted, an idle learner) is found in the database
 * and recorded again.
 */
export class LedgerCache {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {
    redis.defineCommand("ledgerAdvanceHead", { numberOfKeys: 1, lua: ADVANCE_HEAD });
  }

  /** The newest entry known of each chain; a chain Redis does not know is absent. */
  async heads(userId: string): Promise<Partial<Record<Currency, ChainHead>>> {
    const values = await this.redis.hgetall(ledgerKeys.heads(this.prefix, userId));
    const heads: Partial<Record<Currency, ChainHead>> = {};
    for (const currency of CURRENCIES) {
      const [seq, total] = values[currency]?.split(":").map(Number) ?? [];
      if (seq !== undefined && total !== undefined) heads[currency] = { seq, total };
    }
    return heads;
  }

  /** Stored entries (any chains, any order): heads advance past them and pages may show them. */
  async record(entries: readonly LedgerEntry[]): Promise<void> {
    const byUser = new Map<string, LedgerEntry[]>();
    for (const entry of entries) {
      const own = byUser.get(String(entry.userId));
      if (own) own.push(entry);
      else byUser.set(String(entry.userId), [entry]);
    }
    // One transaction per learner: a learner's keys share a cluster slot, different learners' need not.
    await Promise.all([...byUser.values()].map((own) => this.#recordOwn(own)));
  }

  async #recordOwn(entries: readonly LedgerEntry[]): Promise<void> {
    const multi = this.redis.multi();
    const advance = multi as unknown as AdvanceCommand;
    for (const entry of entries) {
      const key = ledgerKeys.recent(this.prefix, String(entry.userId), entry.currency);
      advance.ledgerAdvanceHead(
        ledgerKeys.heads(this.prefix, String(entry.userId)),
        entry.currency,
        entry.seq,
        entry.balanceAfter,
        TTL_SECONDS,
      );
      multi.zadd(key, entry.seq, JSON.stringify(toEntryView(entry)));
      multi.zremrangebyrank(key, 0, -RECENT_ENTRIES - 1);
      multi.expire(key, TTL_SECONDS);
    }
    await multi.exec();
  }

  /** A chain's head found in the database (it may have no entry yet: seq 0). */
  async found(userId: string, currency: Currency, head: ChainHead): Promise<void> {
    await (this.redis as unknown as AdvanceCommand).ledgerAdvanceHead(
      ledgerKeys.heads(this.prefix, userId),
      currency,
      head.seq,
      head.total,
      TTL_SECONDS,
    );
  }

  /** The entries from `from` through `to` of a chain, or null unless Redis holds every one of them. */
  async page(userId: string, currency: Currency, from: number, to: number): Promise<LedgerEntryView[] | null> {
    if (to < from) return [];
    const found = await this.redis.zrangebyscore(ledgerKeys.recent(this.prefix, userId, currency), from, to);
    if (found.length !== to - from + 1) return null;
    return found.map((json) => JSON.parse(json) as LedgerEntryView);
  }
}

export function toEntryView(entry: LedgerEntry): LedgerEntryView {
  return {
    seq: entry.seq,
    currency: entry.currency,
    amount: entry.amount,
    balanceAfter: entry.balanceAfter,
    reason: entry.reason,
    key: entry.key,
    courseId: entry.courseId ? String(entry.courseId) : null,
    roomId: entry.roomId ? String(entry.roomId) : null,
    at: entry.at.toISOString(),
  };
}
