import type { CreateGuardianTaskBody, GuardianTaskView, Person, TaskAnswerResult } from "@chalkline/shared";
import mongoose from "mongoose";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import type { AwardsService } from "../ledger/awards.service";
import type { NotificationsService } from "../notifications/notifications.service";
import type { GuardianBudgets } from "./budgets.service";
import { attemptId, GuardianTask, type GuardianTaskDoc, TaskAttempt, type TaskAttemptRecord } from "./tasks.model";
import { attemptsOf, earned, toTaskViews } from "./tasks.view";

const MAX_LISTED = 100;
/** Each lost race means another answer was stored; this bound only guards against a bug. */
const MAX_ANSWER_RACES = 50;

/**
 * Guardian tasks: written by a linked guardian (the routes check the link), answered by the learner
 * until they find the right choice. A task's reward is reserved from the guardian's task points for
 * the week as it is set (refused past them). Answers form a chain (tasks.model.ts), so the first one
 * is decided once; when it is right, the reward counts against the learner's daily cap for this
 * guardian (the day of that answer) and what fits is credited through the ledger under the key
 * `guardian-task:<id>`, so however often crediting is retried it counts once. What the learner does
 * not earn (a wrong first answer, the cap) goes back to the guardian's week.
 */
export class GuardianTasks {
  constructor(
    private readonly awards: AwardsService,
    private readonly notifications: NotificationsService,
    private readonly budgets: GuardianBudgets,
  ) {}

  async create(guardian: Person, learnerId: string, body: CreateGuardianTaskBody): Promise<GuardianTaskView> {
    const _id = new mongoose.Types.ObjectId();
    const createdAt = new Date();
    // Reserved first: a task is only ever shown with its reward covered.
    await this.budgets.reserveTask(guardian.id, String(_id), body.points, createdAt);
    const task = await GuardianTask.create({ _id, guardianId: guardian.id, learnerId, ...body, createdAt });
    await this.notifications.notify([learnerId], {
      kind: "guardian_task",
      text: `${guardian.displayName} set you a task worth ${body.points} points`,
      wording: { id: "guardian_task", params: { name: guardian.displayName, points: body.points } },
      from: guardian,
    });
    return (await toTaskViews([task], "guardian", new Map()))[0]!;
  }

  async listForGuardian(guardianId: string, learnerId: string): Promise<GuardianTaskView[]> {
    const tasks = await GuardianTask.find({ guardianId, learnerId }).sort({ _id: -1 }).limit(MAX_LISTED);
    return toTaskViews(tasks, "guardian");
  }

  /** The learner's tasks, newest first; first crediting any reward an interrupted answer still owed. */
  async listForLearner(learnerId: string): Promise<GuardianTaskView[]> {
    const tasks = await GuardianTask.find({ learnerId }).sort({ _id: -1 }).limit(MAX_LISTED);
    const attempts = await attemptsOf(tasks);
    for (const task of tasks) {
      const own = attempts.get(task.id) ?? [];
      if (!task.creditedAt && earned(own)) await this.#credit(task, own[0]!.at);
    }
    return toTaskViews(tasks, "learner", attempts);
  }

  /** Starts the learner's timer the first time they open the task. */
  async start(learnerId: string, taskId: string): Promise<GuardianTaskView> {
    await GuardianTask.updateOne({ _id: taskId, learnerId, startedAt: null }, { $set: { startedAt: new Date() } });
    return (await toTaskViews([await this.#own(learnerId, taskId)], "learner"))[0]!;
  }

  async answer(learnerId: string, taskId: string, choice: number): Promise<TaskAnswerResult> {
    const task = await this.#own(learnerId, taskId);
    if (choice >= task.choices.length) throw new AppError("invalid_payload", "choice: one of the task's choices");
    const correct = choice === task.correctChoice;
    let chain = (await attemptsOf([task])).get(task.id) ?? [];
    for (let race = 0; race < MAX_ANSWER_RACES; race++) {
      if (chain.some((a) => a.correct)) throw new AppError("conflict", "this task is already solved");
      const at = new Date();
      const n = chain.length + 1;
      const secondsTaken = Math.round((at.getTime() - (task.startedAt ?? at).getTime()) / 1000);
      const attempt = { _id: attemptId(task.id, n), taskId: task._id, n, choice, correct, at, secondsTaken };
      try {
        await TaskAttempt.create(attempt);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Another answer took position n: decide again behind it.
        chain = (await attemptsOf([task])).get(task.id) ?? [];
        continue;
      }
      chain = [...chain, attempt as TaskAttemptRecord];
      let credited = 0;
      if (n === 1 && correct) credited = await this.#credit(task, at);
      // A wrong first answer can no longer earn the reward: its points go back to the guardian's week.
      else if (n === 1) await this.budgets.releaseTask(String(task.guardianId), task.id, task.createdAt, task.points);
      return { correct, credited, task: (await toTaskViews([task], "learner", new Map([[task.id, chain]])))[0]! };
    }
    throw new AppError("conflict", "too many answers at once; try again");
  }

  async #own(learnerId: string, taskId: string): Promise<GuardianTaskDoc> {
    const task = await GuardianTask.findOne({ _id: taskId, learnerId });
    if (!task) throw new AppError("not_found", "no such task");
    return task;
  }

  /**
   * Credits an earned reward, answered right at `at`, within the learner's daily cap; answers the
   * points this call credited (0 when they were credited before, or the cap was reached).
   */
  async #credit(task: GuardianTaskDoc, at: Date): Promise<number> {
    const [guardianId, learnerId] = [String(task.guardianId), String(task.learnerId)];
    const points = await this.budgets.creditWithinCap(guardianId, learnerId, task.id, task.points, at);
    const result =
      points > 0
        ? await this.awards.award({
            userId: learnerId,
            reason: "guardian_task",
            key: `guardian-task:${task.id}`,
            detail: { points },
          })
        : { applied: false };
    await this.budgets.releaseTask(guardianId, task.id, task.createdAt, task.points - points);
    await GuardianTask.updateOne({ _id: task._id }, { $set: { creditedAt: new Date(), creditedPoints: points } });
    task.creditedPoints = points;
    return result.applied ? points : 0;
  }
}
