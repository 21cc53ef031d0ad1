import type { Currency } from "@chalkline/shared";
import { isDuplicateKey } from "../../platform/mongo";
import { Balance, type BalanceDoc } from "./balance.model";
import { foldOnto } from "./ledger.fold";
import { entryAt, type LedgerEntry } from "./ledger.model";

/** Entries folded per compare-and-set at most, so a long catch-up stays a bounded update. */
const FOLD_BATCH = 200;

/** How far to fold each chain: through a position, through its head, or (absent) not at all. */
export type FoldTargets = Partial<Record<Currency, number | "head">>;
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
  userId: string,
  targets: FoldTargets | Currency,
  known: readonly LedgerEntry[] = [],
  start?: BalanceDoc,
): Promise<BalanceDoc> {
  const byPosition = new Map(known.map((e) => [`${e.currency}:${e.seq}`, e]));
  const limits: FoldTargets = typeof targets === "string" ? { [targets]: "head" } : { ...targets };
  let balance = start ?? (await loadBalance(userId));
  for (;;) {
    const batch: LedgerEntry[] = [];
    for (const currency of ["xp", "points"] as const) {
      const from = balance[currency].seq;
      const entries = await unfolded(userId, currency, from, limits[currency], byPosition);
      // Past the head once: remember where it was, rather than looking past it again.
      if (limits[currency] === "head" && entries.length < FOLD_BATCH) limits[currency] = from + entries.length;
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

/** The entries of one chain after `from`, through `through`. */
async function unfolded(
  userId: string,
  currency: Currency,
  from: number,
  through: number | "head" | undefined,
  known: ReadonlyMap<string, LedgerEntry>,
): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  if (through === undefined) return entries;
  for (let seq = from + 1; entries.length < FOLD_BATCH && (through === "head" || seq <= through); seq++) {
    const entry = known.get(`${currency}:${seq}`) ?? (await entryAt(currency, userId, seq));
    if (!entry) break;
    entries.push(entry);
  }
  return entries;
}

/** Both chains folded through their heads: what reads show. */
export function currentBalance(userId: string): Promise<BalanceDoc> {
  return catchUp(userId, HEADS);
}
