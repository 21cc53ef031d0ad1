import { type GuardianBudgetView, periodKeys } from "@chalkline/shared";
import mongoose from "mongoose";
import { AppError } from "../../platform/errors";
import { budgetValue, moveBudget, moveDelta } from "./budgets.chain";

/** An admin's weekly task points for one guardian, instead of the server's default. */
const allowanceSchema = new mongoose.Schema(
  {
    _id: { type: mongoose.Schema.Types.ObjectId, required: true },
    taskPointsPerWeek: { type: Number, required: true },
  },
  { versionKey: false },
);
const TaskAllowance = mongoose.model("GuardianTaskAllowance", allowanceSchema, "guardianTaskAllowances");

export interface BudgetLimits {
  /** Task points a guardian may set per week unless an admin set another figure for them. */
  taskPointsPerWeek: number;
  /** The most one learner earns from one guardian's tasks in a day. */
  dailyPointsPerLearner: number;
}

/** Budgets and caps count in UTC, so that they do not depend on whose time zone is asked. */
const utc = (at: Date) => periodKeys(at, "UTC");
const giftsOf = (guardianId: string) => `gifts:${guardianId}`;
const tasksOf = (guardianId: string, at: Date) => `tasks:${guardianId}:${utc(at).week}`;
const dailyOf = (guardianId: string, learnerId: string, at: Date) => `daily:${guardianId}:${learnerId}:${utc(at).day}`;

/**
 * What a guardian may hand out in points (shared/src/budgets.ts): the gift budget an admin grants,
 * the weekly task points, and a learner's daily cap per guardian. Every change is a keyed move on a
 * counter chain (budgets.chain.ts): exact under concurrency, and once however often it is retried.
 */
export class GuardianBudgets {
  constructor(private readonly limits: BudgetLimits) {}

  get dailyPointsPerLearner(): number {
    return this.limits.dailyPointsPerLearner;
  }

  async view(guardianId: string, now = new Date()): Promise<GuardianBudgetView> {
    const [giftPoints, allowance, used] = await Promise.all([
      budgetValue(giftsOf(guardianId)),
      this.#allowance(guardianId),
      budgetValue(tasksOf(guardianId, now)),
    ]);
    return {
      guardianId,
      giftPoints,
      tasks: {
        week: utc(now).week,
        pointsPerWeek: allowance.points,
        isDefault: allowance.isDefault,
        used,
        left: Math.max(0, allowance.points - used),
      },
      dailyPointsPerLearner: this.limits.dailyPointsPerLearner,
    };
  }

  /** An admin's change to the gift budget under `key`; taking back more than is left is refused. */
  async adjustGiftBudget(guardianId: string, points: number, key: string): Promise<void> {
    const move = await moveBudget(giftsOf(guardianId), `admin:${key}`, (before) =>
      before + points >= 0 ? before + points : null,
    );
    if (move.status === "refused") {
      throw new AppError("conflict", `the gift budget has ${move.value} points left; it cannot go below zero`);
    }
  }

  /** Pays a gift's points price from the gift budget, once per gift. */
  async fundGift(guardianId: string, giftId: string, points: number): Promise<void> {
    const move = await moveBudget(giftsOf(guardianId), `gift:${giftId}`, (before) =>
      before >= points ? before - points : null,
    );
    if (move.status === "refused") {
      throw new AppError(
        "budget_exceeded",
        `this gift costs ${points} points and your gift budget has ${move.value} left; ask an admin for more, or let the learner pay`,
      );
    }
  }

  /** Gives a withdrawn gift's price back to the gift budget, once, if the budget had paid it. */
  async refundGift(guardianId: string, giftId: string): Promise<void> {
    const paid = await moveDelta(giftsOf(guardianId), `gift:${giftId}`);
    if (paid !== null) await moveBudget(giftsOf(guardianId), `return:gift:${giftId}`, (before) => before - paid);
  }

  async setTaskAllowance(guardianId: string, pointsPerWeek: number | null): Promise<void> {
    if (pointsPerWeek === null) await TaskAllowance.deleteOne({ _id: guardianId });
    else {
      await TaskAllowance.updateOne(
        { _id: guardianId },
        { $set: { taskPointsPerWeek: pointsPerWeek } },
        { upsert: true },
      );
    }
  }

  /** Reserves a new task's reward from this week's task points, or refuses the task. */
  async reserveTask(guardianId: string, taskId: string, points: number, at: Date): Promise<void> {
    const cap = this.limits.dailyPointsPerLearner;
    if (points > cap) {
      throw new AppError(
        "budget_exceeded",
        `a task can be worth at most ${cap} points: the most a learner can earn from your tasks in a day`,
      );
    }
    const allowance = (await this.#allowance(guardianId)).points;
    const move = await moveBudget(tasksOf(guardianId, at), `task:${taskId}`, (before) =>
      before + points <= allowance ? before + points : null,
    );
    if (move.status === "refused") {
      throw new AppError(
        "budget_exceeded",
        `this task's ${points} points would go past your task points for the week: ${Math.max(0, allowance - move.value)} of ${allowance} left`,
      );
    }
  }

  /** Gives back the part of a task's reservation (made at `createdAt`) that the learner did not earn, once. */
  async releaseTask(guardianId: string, taskId: string, createdAt: Date, points: number): Promise<void> {
    if (points <= 0) return;
    await moveBudget(tasksOf(guardianId, createdAt), `release:${taskId}`, (before) => Math.max(0, before - points));
  }

  /**
   * Counts a task's reward against the learner's cap for the day of their right answer (`at`):
   * answers the points that fit, the same however often it is asked for the same task.
   */
  async creditWithinCap(guardianId: string, learnerId: string, taskId: string, points: number, at: Date) {
    const cap = this.limits.dailyPointsPerLearner;
    const move = await moveBudget(dailyOf(guardianId, learnerId, at), `task:${taskId}`, (before) =>
      Math.max(before, Math.min(cap, before + points)),
    );
    return move.status === "refused" ? 0 : move.delta;
  }

  async #allowance(guardianId: string): Promise<{ points: number; isDefault: boolean }> {
    const set = await TaskAllowance.findById(guardianId).lean();
    return set
      ? { points: set.taskPointsPerWeek, isDefault: false }
      : { points: this.limits.taskPointsPerWeek, isDefault: true };
  }
}
