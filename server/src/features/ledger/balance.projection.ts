import { CURRENCIES, type Currency } from "@chalkline/shared";
import { isDuplicateKey } from "../../platform/mongo";
import { Balance, type BalanceDoc } from "./balance.model";
import type { LedgerCache } from "./ledger.cache";
import type { ChainHead } from "./ledger.chain";
import { foldOnto } from "./ledger.fold";
import { entryAt, type LedgerEntry, LedgerIntent } from "./ledger.model";

/** Entries folded per compare-and-set at most, so a long catch-up stays a bounded update. */
const FOLD_BATCH = 200;

/**
 * How far to fold each chain: through a position; through its head as Redis knows it ("head", what
 * reads use); through its head as the database has it ("probe": a retry or a recovery, which must
 * find entries a dead node stored but never recorded); or, absent, not at all.
 */
export type FoldTargets = Partial<Record<Currency, number | "head" | "probe">>;
const HEADS: FoldTargets = { xp: "head", points: "head" };

/** A learner's balance document, created empty on first use. */
export async function loadBalance(userId: string): Promise<BalanceDoc> {
  const found = await Balance.findById(userId).lean<BalanceDoc>();
  if (found) return found;
  await Balance.create({ _id: userId }).catch((error: unknown) => {
    if (!isDuplicateKey(error)) throw error;
  });
  return (await Balance.findById(userId).lean<BalanceDoc>()) as BalanceDoc;
}

/**
 * Folds a learner's chains into their balance document through `targets` (a bare currency: that
 * chain through its head). The entries still
 * missing are taken from `known` (entries the caller just wrote) or read by position, and folded
 * together in one compare-and-set on both chain positions, which writes the whole folded document
 * (ledger.fold.ts): however concurrent catch-ups of one learner interleave, the document stays the
 * fold of a prefix of each chain, in chain order. `start` saves the first read when
 * the caller holds the document already; a stale one only costs a retry.
 */
export async function catchUp(
  cache: LedgerCache,
  userId: string,
  targets: FoldTargets | Currency,
  known: readonly LedgerEntry[] = [],
  start?: BalanceDoc,
): Promise<BalanceDoc> {
  const byPosition = new Map(known.map((e) => [`${e.currency}:${e.seq}`, e]));
  const wanted: FoldTargets = typeof targets === "string" ? { [targets]: "head" } : targets;
  const heads = Object.values(wanted).includes("head") ? await knownHeads(cache, userId) : {};
  // Redis knows the head, or the database is asked once (below) and Redis told.
  const limits: Partial<Record<Currency, number | "probe">> = {};
  for (const c of CURRENCIES) limits[c] = wanted[c] === "head" ? (heads[c]?.seq ?? "probe") : wanted[c];
  let balance = start ?? (await loadBalance(userId));
  for (;;) {
    const batch: LedgerEntry[] = [];
    for (const currency of CURRENCIES) {
      const from = balance[currency].seq;
      const entries = await unfolded(userId, currency, from, limits[currency], byPosition);
      // Past the head once: remember where it was, rather than looking past it again.
      if (limits[currency] === "probe" && entries.length < FOLD_BATCH) {
        limits[currency] = from + entries.length;
        const last = entries.at(-1);
        const total = last?.balanceAfter ?? balance[currency].total;
        await cache.found(userId, currency, { seq: from + entries.length, total });
      }
      batch.push(...entries);
    }
    if (batch.length === 0) return balance;
    const cas = { _id: userId, "xp.seq": balance.xp.seq, "points.seq": balance.points.seq };
    const update = { $set: foldOnto(balance, batch) };
    const advanced = await Balance.findOneAndUpdate(cas, update, { returnDocument: "after" }).lean<BalanceDoc>();
    // Null: another catch-up folded first; read where it got to.
    balance = advanced ?? (await loadBalance(userId));
  }
}

/**
 * The heads Redis knows, unless an award of this learner is unsettled: its node may have died
 * between storing an entry and recording it, so the database is asked (the intents collection
 * holds only awards in flight, so asking it is cheap).
 */
async function knownHeads(cache: LedgerCache, userId: string): Promise<Partial<Record<Currency, ChainHead>>> {
  const [heads, unsettled] = await Promise.all([cache.heads(userId), LedgerIntent.exists({ userId })]);
  return unsettled ? {} : heads;
}

/** The entries of one chain after `from`, through `through`. */
async function unfolded(
  userId: string,
  currency: Currency,
  from: number,
  through: number | "probe" | undefined,
  known: ReadonlyMap<string, LedgerEntry>,
): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  if (through === undefined) return entries;
  for (let seq = from + 1; entries.length < FOLD_BATCH && (through === "probe" || seq <= through); seq++) {
    const entry = known.get(`${currency}:${seq}`) ?? (await entryAt(currency, userId, seq));
    if (!entry) break;
    entries.push(entry);
  }
  return entries;
}

/** Both chains folded through their heads: what reads show. */
export function currentBalance(cache: LedgerCache, userId: string): Promise<BalanceDoc> {
  return catchUp(cache, userId, HEADS);
}
