import type { CreateGuardianTaskBody, GuardianTaskView, Person, TaskAnswerResult } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import type { AwardsService } from "../ledger/awards.service";
import type { NotificationsService } from "../notifications/notifications.service";
import { attemptId, GuardianTask, type GuardianTaskDoc, TaskAttempt, type TaskAttemptRecord } from "./tasks.model";
import { attemptsOf, earned, toTaskViews } from "./tasks.view";

const MAX_LISTED = 100;
/** Each lost race means another answer was stored; this bound only guards against a bug. */
const MAX_ANSWER_RACES = 50;

/**
 * Guardian tasks: written by a linked guardian (the routes check the link), answered by the learner
 * until they find the right choice. Answers form a chain (tasks.model.ts), so the first one is
 * decided once; when it is right, the points are credited through the ledger under the key
 * `guardian-task:<id>`, so however often crediting is retried they count once.
 */
export class GuardianTasks {
  constructor(
    private readonly awards: AwardsService,
    private readonly notifications: NotificationsService,
  ) {}

  async create(guardian: Person, learnerId: string, body: CreateGuardianTaskBody): Promise<GuardianTaskView> {
    const task = await GuardianTask.create({ guardianId: guardian.id, learnerId, ...body });
    await this.notifications.notify([learnerId], {
      kind: "guardian_task",
      text: `${guardian.displayName} set you a task worth ${body.points} points`,
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
      if (!task.creditedAt && earned(attempts.get(task.id) ?? [])) await this.#credit(task);
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
      const credited = correct && n === 1 ? await this.#credit(task) : 0;
      return { correct, credited, task: (await toTaskViews([task], "learner", new Map([[task.id, chain]])))[0]! };
    }
    throw new AppError("conflict", "too many answers at once; try again");
  }

  async #own(learnerId: string, taskId: string): Promise<GuardianTaskDoc> {
    const task = await GuardianTask.findOne({ _id: taskId, learnerId });
    if (!task) throw new AppError("not_found", "no such task");
    return task;
  }

  /** Credits an earned reward; answers the points this call credited (0 when it was credited before). */
  async #credit(task: GuardianTaskDoc): Promise<number> {
    const result = await this.awards.award({
      userId: String(task.learnerId),
      reason: "guardian_task",
      key: `guardian-task:${task.id}`,
      detail: { points: task.points },
    });
    await GuardianTask.updateOne({ _id: task._id }, { $set: { creditedAt: new Date() } });
    return result.applied ? task.points : 0;
  }
}
