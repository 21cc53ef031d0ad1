/**
 * Appending to a learner's ledger chain — how balances stay equal to the ledger sum without
 * multi-document transactions (FerretDB has none):
 *
 * 1. Each learner has one chain per currency. Entry n is stored under `_id` "<userId>:<n>" and
 *    records `balanceAfter`, the balance once it is applied. Appending n+1 is ONE insert that both
 *    records the change and states the new balance: it either happens whole or not at all, so no
 *    crash can leave a recorded change unapplied or an applied change unrecorded.
 * 2. The `_id` makes positions unique: two concurrent appends after the same n cannot both win. The
 *    loser reads the winner's entry, takes its `balanceAfter` as the new base and tries n+2. A spend
 *    is checked against the exact balance it is appended after, so points never go below zero.
 * 3. A unique index on (userId, key) makes every award idempotent: a retry finds its key (at the
 *    position it tried, or refused by the index at a free one) and reports a duplicate.
 * 4. Every entry stored or found is recorded in Redis (ledger.cache.ts), so reads learn where a chain
 *    ends without asking the ledger collections.
 * 5. Everything else — the balance document that reads use, stats, streaks, achievements, boards —
 *    is a fold of the chains, advanced by compare-and-set on the chain position and caught up from
 *    the chains on every read and write (balance.projection.ts) and by the recovery sweep, so a
 *    crash between two writes delays them but never makes them wrong.
 */
import type { AwardDetail, Currency, PeriodKeys } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import type { LedgerCache } from "./ledger.cache";
import { entryAt, entryId, LEDGERS, type LedgerEntry } from "./ledger.model";

/** An entry before it has a position. */
export interface EntryDraft {
  userId: string;
  currency: Currency;
  amount: number;
  reason: string;
  key: string;
  courseId: string | null;
  roomId: string | null;
  at: Date;
  period: PeriodKeys;
  detail: AwardDetail;
  streak: number | null;
}

/** Where a chain ends, as far as the caller knows: the balance document's fold, or an entry just read. */
export interface ChainHead {
  seq: number;
  total: number;
}

export type AppendResult =
  | { status: "appended"; entry: LedgerEntry }
  | { status: "duplicate" }
  /** The entry would take the balance below zero; `balance` is the chain's current total. */
  | { status: "refused"; balance: number };

/** Every failed attempt means another append succeeded, so this bound is only a guard against bugs. */
const MAX_ATTEMPTS = 10_000;
/** Concurrent appenders back off a little, growing with their failures, so they stop colliding in step. */
const MAX_BACKOFF_MS = 20;

/**
 * Appends `draft` after `head` (a hint: a stale one costs a retry per entry it is behind). Negative
 * amounts are refused when the balance cannot cover them, and only once the true head is known.
 */
export async function appendEntry(draft: EntryDraft, head: ChainHead, cache: LedgerCache): Promise<AppendResult> {
  const ledger = LEDGERS[draft.currency];
  let { seq, total } = head;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (total + draft.amount < 0) {
      const next = await entryAt(draft.currency, draft.userId, seq + 1);
      if (next) {
        await cache.record([next]);
        ({ seq, balanceAfter: total } = next);
        continue;
      }
      const done = await ledger.exists({ userId: draft.userId, key: draft.key });
      return done ? { status: "duplicate" } : { status: "refused", balance: total };
    }
    const entry = { ...draft, _id: entryId(draft.userId, seq + 1), seq: seq + 1, balanceAfter: total + draft.amount };
    try {
      await ledger.create(entry);
      await cache.record([entry as unknown as LedgerEntry]);
      return { status: "appended", entry: entry as unknown as LedgerEntry };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const occupant = await entryAt(draft.currency, draft.userId, seq + 1);
    // A free position refused by the key index, or our own key there: this award is already recorded.
    if (!occupant || occupant.key === draft.key) return { status: "duplicate" };
    await cache.record([occupant]);
    ({ seq, balanceAfter: total } = occupant);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(MAX_BACKOFF_MS, attempt)));
  }
  throw new AppError("unavailable", "the ledger is too busy; try again");
}
