import {
  ACHIEVEMENT_POINTS,
  AWARD_XP,
  type AwardReason,
  achievementById,
  awardAmounts,
  type Currency,
  levelFor,
  newAchievements,
  nextStreak,
} from "@chalkline/shared";
import type mongoose from "mongoose";
import { AppError } from "../../platform/errors";
import { GroupCommit } from "../../platform/group-commit";
import { timeZoneOf } from "../accounts/user.model";
import {
  type Appended,
  type BatchOutcome,
  commitAwards,
  draftFor,
  type PreparedAward,
  type Settled,
} from "./awards.batch";
import type { BalanceDoc } from "./balance.model";
import { catchUp, loadBalance } from "./balance.projection";
import type { LedgerCache } from "./ledger.cache";
import { type AppendResult, appendEntry, type ChainHead } from "./ledger.chain";
import { baseDraft, detailFor, entriesOf, validUserId } from "./ledger.drafts";
import { statsOf } from "./ledger.fold";
import { type LedgerEntry, LedgerIntent } from "./ledger.model";

export type { AwardReason } from "@chalkline/shared";

export interface AwardRequest {
  userId: string;
  reason: AwardReason;
  /** Idempotency key, e.g. `lesson:<lessonId>`: a learner is awarded each key once. */
  key: string;
  courseId?: string | null;
  roomId?: string | null;
  /** When the learning happened; now by default. */
  at?: Date;
  detail?: {
    correct?: number;
    total?: number;
    perfect?: boolean;
    rank?: number;
    score?: number;
    points?: number;
    minutes?: number;
  };
}

export interface AwardResult {
  /** False when the key was already applied. */
  applied: boolean;
  xp: number;
  points: number;
  level: number;
  newAchievements: string[];
}

export interface SpendRequest {
  userId: string;
  /** Idempotency key, e.g. `order:<orderId>`. */
  key: string;
  amount: number;
  /** What the points bought, e.g. `store_purchase`. */
  reason: string;
}

export interface SpendResult {
  /** False when the key was already spent. */
  applied: boolean;
  points: number;
}

/**
 * Told after an award's points are folded, with the balance then (features/gifts unlocks gifts at
 * thresholds). Runs again on a retry or a recovery, so it must be idempotent.
 */
export type PointsListener = (userId: string, points: number) => Promise<void>;

/** Told about XP entries so that leaderboards follow the ledger (features/leaderboards). */
export interface XpListener {
  /** Brings the learner's boards up to date through `entries`, or through the chain's head when empty. */
  sync(userId: string, entries: readonly LedgerEntry[]): Promise<void>;
}

const SPEND_REASON = /^[a-z][a-z0-9_]{0,39}$/;
/** An intent this old belongs to an award whose node died: no award takes that long. */
const RECOVERY_GRACE_MS = 30_000;
const RECOVERY_INTERVAL_MS = 60_000;
const RECOVERY_BATCH = 100;

/** Awards written by one batch at most; more wait for the next. */
const MAX_BATCH = 200;

/** Checks and prices an award before it joins a batch. */
function prepareAward(req: AwardRequest): PreparedAward {
  const userId = validUserId(req.userId);
  if (!req.key || req.key.length > 200) throw new AppError("invalid_payload", "key: 1 to 200 characters");
  const detail = detailFor(req);
  return {
    userId,
    reason: req.reason,
    key: req.key,
    courseId: req.courseId ?? null,
    roomId: req.roomId ?? null,
    at: req.at ?? new Date(),
    detail,
    amounts: awardAmounts(req.reason, detail),
  };
}

/**
 * Awards XP and points, and spends points, on the learner's ledger chains (ledger.chain.ts), then
 * keeps what follows from them up to date: the balance document, the daily streak in the learner's
 * time zone, achievements and leaderboards. Every step is keyed or positional, so any of it can be
 * repeated: a retrying caller folds what is there, and `recover()` finishes an award whose node
 * died midway.
 */
export class AwardsService {
  #sweep: ReturnType<typeof setInterval> | undefined;
  readonly #pointsListeners: PointsListener[] = [];
  /** Concurrent awards are written together (awards.batch.ts). */
  readonly #batches: GroupCommit<PreparedAward, BatchOutcome>;

  constructor(
    private readonly boards: XpListener,
    /** Where chains end and their newest entries; what reads of balances and ledgers use. */
    readonly cache: LedgerCache,
  ) {
    const followUps = (userId: string, timeZone: string, appended: Appended, balance: BalanceDoc) =>
      this.#followUps(userId, timeZone, true, appended, balance);
    this.#batches = new GroupCommit((awards) => commitAwards(awards, { cache, followUps }), MAX_BATCH, "awards");
  }

  async award(req: AwardRequest): Promise<AwardResult> {
    const award = prepareAward(req);
    // An award worth nothing records nothing; the one-at-a-time path says so.
    if (award.amounts.xp <= 0 && award.amounts.points <= 0) return this.#awardAlone(award, null, {});
    const outcome = await this.#batches.submit(award);
    if (!outcome.settled) return this.#awardAlone(award, outcome.intentId, outcome.stored);
    const { balance, earned } = outcome.settled;
    const xp = balance.xp.total;
    return { applied: true, xp, points: balance.points.total, level: levelFor(xp), newAchievements: earned };
  }

  /**
   * One award on its own (ledger.chain.ts): what a batch could not place, or a retry. `intentId`
   * and `stored` are what its batch already wrote for it.
   */
  async #awardAlone(
    award: PreparedAward,
    intentId: mongoose.Types.ObjectId | null,
    stored: Partial<Record<Currency, LedgerEntry>>,
  ): Promise<AwardResult> {
    const { userId, at } = award;
    const timeZone = await timeZoneOf(userId);
    const intent = intentId ?? (await LedgerIntent.create({ userId, at }))._id;
    const balance = await loadBalance(userId);
    const append = async (currency: Currency): Promise<AppendResult | null> => {
      const entry = stored[currency];
      if (entry) return { status: "appended", entry };
      if (award.amounts[currency] <= 0) return null;
      return appendEntry(draftFor(award, currency, timeZone), balance[currency], this.cache);
    };
    const xp = await append("xp");
    const points = await append("points");
    const applied = (xp ?? points)?.status === "appended";
    // A duplicate's own first attempt left its intent behind if it died; this one owes nothing.
    if (!applied) await LedgerIntent.deleteOne({ _id: intent });
    const appended: Appended = { xp: entriesOf(xp), points: entriesOf(points), toHead: !applied };
    const result = await this.#settle(userId, timeZone, applied ? at : null, appended, balance);
    if (applied) await LedgerIntent.deleteOne({ _id: intent });
    return { applied, ...result };
  }

  /** Spends points for the store: idempotent on `key`, never below zero however many spend at once. */
  async spendPoints(req: SpendRequest): Promise<SpendResult> {
    return this.#movePoints(req, -1);
  }

  /**
   * Gives points back (a refund of a spend): one positive entry on the points chain under `key`, so
   * a retried refund credits once. Listeners hear of it like any other credit (a refund can unlock
   * a gift). Award reasons credit through `award`; this is the spend's mirror image.
   */
  async creditPoints(req: SpendRequest): Promise<SpendResult> {
    const result = await this.#movePoints(req, 1);
    if (result.applied) for (const listener of this.#pointsListeners) await listener(req.userId, result.points);
    return result;
  }

  /** One points entry of `sign × amount` under the request's key; a spend never takes the balance below zero. */
  async #movePoints(req: SpendRequest, sign: 1 | -1): Promise<SpendResult> {
    const userId = validUserId(req.userId);
    if (!Number.isSafeInteger(req.amount) || req.amount <= 0)
      throw new AppError("invalid_payload", "amount: a positive integer");
    if (!SPEND_REASON.test(req.reason)) throw new AppError("invalid_payload", "reason: a snake_case word");
    const balance = await loadBalance(userId);
    const draft = baseDraft(userId, "points", new Date(), await timeZoneOf(userId));
    const result = await appendEntry(
      { ...draft, amount: sign * req.amount, reason: req.reason, key: req.key },
      balance.points,
      this.cache,
    );
    if (result.status === "refused") {
      throw new AppError("insufficient_points", `this needs ${req.amount} points; the balance is ${result.balance}`);
    }
    const known = entriesOf(result);
    const after = await catchUp(this.cache, userId, { points: known[0]?.seq ?? "probe" }, known, balance);
    return { applied: known.length > 0, points: after.points.total };
  }

  /**
   * Finishes awards whose node died midway (their intent is older than any award takes). Safe on
   * every node at once: each step it repeats is keyed or compare-and-set.
   */
  async recover(now = new Date()): Promise<number> {
    const stale = await LedgerIntent.find({ createdAt: { $lt: new Date(now.getTime() - RECOVERY_GRACE_MS) } })
      .limit(RECOVERY_BATCH)
      .lean();
    for (const intent of stale) {
      const userId = String(intent.userId);
      const appended = { xp: [], points: [], toHead: true };
      await this.#settle(userId, await timeZoneOf(userId), intent.at, appended, await loadBalance(userId));
      await LedgerIntent.deleteOne({ _id: intent._id });
    }
    return stale.length;
  }

  /** Runs `recover()` now and every minute until `close()`. */
  startRecovery(onError: (error: unknown) => void): void {
    const run = () => void this.recover().catch(onError);
    run();
    this.#sweep = setInterval(run, RECOVERY_INTERVAL_MS);
    this.#sweep.unref();
  }

  onPointsCredited(listener: PointsListener): void {
    this.#pointsListeners.push(listener);
  }

  close(): void {
    clearInterval(this.#sweep);
  }

  /**
   * Everything that follows from new entries: streak, fold, achievements, boards. `activityAt` is
   * null for a retry of an applied award, which appends nothing more. `start` is the balance
   * document as read before the award; a normal award folds everything in one update.
   */
  async #settle(
    userId: string,
    timeZone: string,
    activityAt: Date | null,
    appended: Appended,
    start: BalanceDoc,
  ): Promise<Omit<AwardResult, "applied">> {
    // A retry or a recovery asks the database where the chains end: a dead node may have stored
    // entries it never recorded in Redis.
    const probe = { xp: "probe", points: "probe" } as const;
    // The streak is read before this award's own entries are folded: they never change it.
    let balance = appended.toHead ? await catchUp(this.cache, userId, probe, [], start) : start;
    const streak = activityAt ? await this.#extendStreak(userId, balance, activityAt, timeZone) : null;
    if (streak) appended.xp.push(streak);
    const through = (currency: Currency) => appended[currency].at(-1)?.seq ?? balance[currency].seq;
    balance = await catchUp(
      this.cache,
      userId,
      { xp: through("xp"), points: through("points") },
      [...appended.xp, ...appended.points],
      balance,
    );
    // A retry only folds: granting here would race the award it repeats, which then could not say
    // what it earned. An award whose node died is finished by `recover()`, which grants them.
    const settled = await this.#followUps(userId, timeZone, activityAt !== null, appended, balance);
    const xp = settled.balance.xp.total;
    return { xp, points: settled.balance.points.total, level: levelFor(xp), newAchievements: settled.earned };
  }

  /** Once new entries are folded: achievements they earn (when `grant`), boards, and points listeners. */
  async #followUps(
    userId: string,
    timeZone: string,
    grant: boolean,
    appended: Appended,
    folded: BalanceDoc,
  ): Promise<Settled> {
    let balance = folded;
    const earned = grant ? await this.#grantAchievements(userId, balance, timeZone, appended) : [];
    const lastPoints = appended.points.at(-1);
    if (earned.length > 0 && lastPoints) {
      balance = await catchUp(this.cache, userId, { points: lastPoints.seq }, appended.points, balance);
    }
    if (appended.xp.length > 0 || appended.toHead) await this.boards.sync(userId, appended.xp);
    if (appended.points.length > 0 || appended.toHead) {
      for (const listener of this.#pointsListeners) await listener(userId, balance.points.total);
    }
    return { balance, earned };
  }

  /** The daily-streak award for the activity's local day, when it is the first activity that day. */
  async #extendStreak(userId: string, balance: BalanceDoc, at: Date, timeZone: string): Promise<LedgerEntry | null> {
    const step = nextStreak({ lastDay: balance.streak.lastDay ?? null, length: balance.streak.length }, at, timeZone);
    if (!step.awardDue) return null;
    const result = await appendEntry(
      {
        ...baseDraft(userId, "xp", at, timeZone),
        amount: AWARD_XP.dailyStreak,
        reason: "daily_streak",
        key: `streak:${step.day}`,
        streak: step.state.length,
      },
      balance.xp,
      this.cache,
    );
    return entriesOf(result)[0] ?? null;
  }

  async #grantAchievements(
    userId: string,
    balance: BalanceDoc,
    timeZone: string,
    appended: Appended,
  ): Promise<string[]> {
    const earned: string[] = [];
    let head: ChainHead = balance.points;
    for (const id of newAchievements(statsOf(balance), new Set(Object.keys(balance.achievements)))) {
      const result = await appendEntry(
        {
          ...baseDraft(userId, "points", new Date(), timeZone),
          amount: ACHIEVEMENT_POINTS[achievementById(id)!.rarity],
          reason: "achievement",
          key: `achievement:${id}`,
          detail: { achievement: id },
        },
        head,
        this.cache,
      );
      if (result.status !== "appended") continue;
      earned.push(id);
      appended.points.push(result.entry);
      head = { seq: result.entry.seq, total: result.entry.balanceAfter };
    }
    return earned;
  }
}
