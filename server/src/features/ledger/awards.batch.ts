import { AWARD_XP, type AwardDetail, type AwardReason, type Currency, nextStreak } from "@chalkline/shared";
import type mongoose from "mongoose";
import { insertOrdered } from "../../platform/mongo";
import { User } from "../accounts/user.model";
import { Balance, type BalanceDoc } from "./balance.model";
import { catchUp, loadBalance } from "./balance.projection";
import type { LedgerCache } from "./ledger.cache";
import type { ChainHead, EntryDraft } from "./ledger.chain";
import { baseDraft } from "./ledger.drafts";
import { foldOnto } from "./ledger.fold";
import { entryId, LEDGERS, type LedgerEntry, LedgerIntent } from "./ledger.model";

/** An award checked and priced, waiting for its batch. */
export interface PreparedAward {
  userId: string;
  reason: AwardReason;
  key: string;
  courseId: string | null;
  roomId: string | null;
  at: Date;
  detail: AwardDetail;
  amounts: Record<Currency, number>;
}

/** What one award appended on each chain. */
export interface Appended {
  xp: LedgerEntry[];
  points: LedgerEntry[];
  /** Fold through the chains' heads first: a retry or a recovery, after which entries may be unfolded. */
  toHead: boolean;
}

export interface Settled {
  balance: BalanceDoc;
  /** Achievements granted by these entries. */
  earned: string[];
}

/**
 * What a batch did with one award: settled it whole, or left it to be finished alone — with the
 * intent written for it and whichever of its entries the batch stored.
 */
export type BatchOutcome =
  | { settled: { balance: BalanceDoc; earned: string[] } }
  | { settled?: undefined; intentId: mongoose.Types.ObjectId | null; stored: Partial<Record<Currency, LedgerEntry>> };

export interface BatchFollowUps {
  cache: LedgerCache;
  /** Achievements, boards and listeners once a learner's new entries are folded (awards.service.ts). */
  followUps(userId: string, timeZone: string, appended: Appended, balance: BalanceDoc): Promise<Settled>;
}

/** One award's entries: its own on each chain, and the day's streak when it is the first activity. */
interface Planned {
  award: PreparedAward;
  xp: number | null;
  points: number | null;
  streak: number | null;
}

export function draftFor(award: PreparedAward, currency: Currency, timeZone: string): EntryDraft {
  return {
    ...baseDraft(award.userId, currency, award.at, timeZone),
    amount: award.amounts[currency],
    reason: award.reason,
    key: award.key,
    courseId: award.courseId,
    roomId: award.roomId,
    detail: award.detail,
  };
}

/**
 * Writes the awards of a batch together: one read of the learners' time zones and balances, one
 * insert of intents, one ordered insert per chain collection with every entry placed after the
 * folded position of its learner's chain, one compare-and-set per learner in a single bulk write,
 * one delete of intents. An entry's position is its `_id`, so an entry placed after a stale
 * position (another node appended first, a retry whose key is there) is refused by the store, and
 * the ordered insert stops there: that award and everything after it in the statement are left
 * to the one-at-a-time path, which finds what happened. Points are only ever added here (spends
 * go one at a time), so no batch can take a balance below zero.
 */
export async function commitAwards(awards: PreparedAward[], deps: BatchFollowUps): Promise<BatchOutcome[]> {
  const userIds = [...new Set(awards.map((a) => a.userId))];
  const [users, found, intents] = await Promise.all([
    User.find({ _id: { $in: userIds } }, { timeZone: 1 }).lean(),
    Balance.find({ _id: { $in: userIds } }).lean<BalanceDoc[]>(),
    LedgerIntent.insertMany(awards.map((a) => ({ userId: a.userId, at: a.at }))),
  ]);
  const zones = new Map(users.map((u) => [String(u._id), u.timeZone]));
  const balances = new Map(found.map((b) => [String(b._id), b]));
  for (const id of zones.keys()) if (!balances.has(id)) balances.set(id, await loadBalance(id));
  const intentOf = new Map(awards.map((a, i) => [a, intents[i]!._id]));
  // An unknown learner is refused by the one-at-a-time path; their intents go with the batch's.
  const known = awards.filter((a) => zones.has(a.userId));
  const unknown = awards.filter((a) => !zones.has(a.userId));

  const { plans, docs } = place(known, zones, balances);
  const now = new Date();
  const cast = (currency: Currency) =>
    docs[currency].map((d) => new LEDGERS[currency]({ ...d, createdAt: now }).toObject());
  const [xpStored, pointsStored] = await Promise.all([
    insertOrdered(LEDGERS.xp, cast("xp")),
    insertOrdered(LEDGERS.points, cast("points")),
  ]);
  const stored = { xp: docs.xp.slice(0, xpStored), points: docs.points.slice(0, pointsStored) };
  await deps.cache.record([...stored.xp, ...stored.points]);

  const settledUsers = await settleLearners(stored, zones, balances, deps);
  const whole = (p: Planned) =>
    (p.xp === null || p.xp < xpStored) && (p.points === null || p.points < pointsStored) && (p.streak ?? -1) < xpStored;
  const done = plans.filter((p) => whole(p) && !(settledUsers.get(p.award.userId) instanceof Error));
  await LedgerIntent.deleteMany({
    _id: { $in: [...done.map((p) => p.award), ...unknown].map((a) => intentOf.get(a)) },
  });

  const planOf = new Map(plans.map((p) => [p.award, p]));
  const lastOf = new Map(done.map((p) => [p.award.userId, p.award]));
  return awards.map((award): BatchOutcome => {
    const plan = planOf.get(award);
    const settled = settledUsers.get(award.userId);
    if (!plan || !whole(plan) || !settled || settled instanceof Error) {
      const mine = (currency: Currency, at: number | null) =>
        at !== null && at < stored[currency].length ? { [currency]: stored[currency][at] } : {};
      return {
        intentId: plan ? intentOf.get(award)! : null,
        stored: { ...mine("xp", plan?.xp ?? null), ...mine("points", plan?.points ?? null) },
      };
    }
    // The learner's achievements are told with their last award of the batch.
    return { settled: { ...settled, earned: lastOf.get(award.userId) === award ? settled.earned : [] } };
  });
}

/** Places each award's entries after its learner's folded positions, in arrival order. */
function place(
  awards: PreparedAward[],
  zones: ReadonlyMap<string, string>,
  balances: ReadonlyMap<string, BalanceDoc>,
): { plans: Planned[]; docs: Record<Currency, LedgerEntry[]> } {
  const docs: Record<Currency, LedgerEntry[]> = { xp: [], points: [] };
  const chains = new Map<
    string,
    { xp: ChainHead; points: ChainHead; streak: { lastDay: string | null; length: number } }
  >();
  const plans = awards.map((award) => {
    const timeZone = zones.get(award.userId)!;
    const balance = balances.get(award.userId)!;
    let chain = chains.get(award.userId);
    if (!chain) {
      chain = {
        xp: { ...balance.xp },
        points: { ...balance.points },
        streak: { lastDay: balance.streak.lastDay ?? null, length: balance.streak.length },
      };
      chains.set(award.userId, chain);
    }
    const append = (draft: EntryDraft): number => {
      const head = chain[draft.currency];
      head.seq += 1;
      head.total += draft.amount;
      const entry = { ...draft, _id: entryId(award.userId, head.seq), seq: head.seq, balanceAfter: head.total };
      return docs[draft.currency].push(entry as unknown as LedgerEntry) - 1;
    };
    const plan: Planned = { award, xp: null, points: null, streak: null };
    if (award.amounts.xp > 0) plan.xp = append(draftFor(award, "xp", timeZone));
    if (award.amounts.points > 0) plan.points = append(draftFor(award, "points", timeZone));
    const step = nextStreak(chain.streak, award.at, timeZone);
    if (step.awardDue) {
      chain.streak = step.state;
      plan.streak = append({
        ...baseDraft(award.userId, "xp", award.at, timeZone),
        amount: AWARD_XP.dailyStreak,
        reason: "daily_streak",
        key: `streak:${step.day}`,
        streak: step.state.length,
      });
    }
    return plan;
  });
  return { plans, docs };
}

/**
 * Folds each learner's stored entries in one bulk compare-and-set, then runs their follow-ups.
 * A learner whose document moved meanwhile is caught up alone. A learner whose follow-ups failed
 * gets the error; their intents stay for the recovery sweep.
 */
async function settleLearners(
  stored: Record<Currency, LedgerEntry[]>,
  zones: ReadonlyMap<string, string>,
  balances: ReadonlyMap<string, BalanceDoc>,
  deps: BatchFollowUps,
): Promise<Map<string, Settled | Error>> {
  const byUser = new Map<string, Appended>();
  for (const entry of [...stored.xp, ...stored.points]) {
    const userId = String(entry.userId);
    const appended = byUser.get(userId) ?? { xp: [], points: [], toHead: false };
    appended[entry.currency].push(entry);
    byUser.set(userId, appended);
  }
  const folds = [...byUser].map(([userId, appended]) => {
    const base = balances.get(userId)!;
    return { userId, appended, base, fields: foldOnto(base, [...appended.xp, ...appended.points]) };
  });
  const written =
    folds.length === 0
      ? { matchedCount: 0 }
      : await Balance.bulkWrite(
          folds.map(({ userId, base, fields }) => ({
            updateOne: {
              filter: { _id: userId, "xp.seq": base.xp.seq, "points.seq": base.points.seq },
              update: { $set: fields },
            },
          })),
          { ordered: false },
        );
  const allFolded = written.matchedCount === folds.length;
  const outcomes = await Promise.allSettled(
    folds.map(async ({ userId, appended, base, fields }) => {
      const through = (c: Currency) => appended[c].at(-1)?.seq ?? fields[c].seq;
      const balance = allFolded
        ? { _id: base._id, ...fields }
        : await catchUp(deps.cache, userId, { xp: through("xp"), points: through("points") }, [
            ...appended.xp,
            ...appended.points,
          ]);
      return deps.followUps(userId, zones.get(userId)!, appended, balance);
    }),
  );
  return new Map(folds.map((f, i) => [f.userId, settledOrError(outcomes[i]!)]));
}

function settledOrError(outcome: PromiseSettledResult<Settled>): Settled | Error {
  if (outcome.status === "fulfilled") return outcome.value;
  return outcome.reason instanceof Error ? outcome.reason : new Error(String(outcome.reason));
}
