import type { GuardianTaskView } from "@chalkline/shared";
import { peopleById } from "./people";
import { type GuardianTaskDoc, TaskAttempt, type TaskAttemptRecord } from "./tasks.model";

export type TaskViewer = "guardian" | "learner";

/** Each task's answers in order, read together for a page of tasks. */
export async function attemptsOf(tasks: GuardianTaskDoc[]): Promise<Map<string, TaskAttemptRecord[]>> {
  const attempts = await TaskAttempt.find({ taskId: { $in: tasks.map((t) => t._id) } })
    .sort({ n: 1 })
    .lean<TaskAttemptRecord[]>();
  const byTask = new Map<string, TaskAttemptRecord[]>();
  for (const a of attempts) byTask.set(String(a.taskId), [...(byTask.get(String(a.taskId)) ?? []), a]);
  return byTask;
}

/** The reward is earned by a right first answer. */
export const earned = (attempts: readonly TaskAttemptRecord[]) => attempts[0]?.correct === true;

export async function toTaskViews(
  tasks: GuardianTaskDoc[],
  viewer: TaskViewer,
  attempts?: Map<string, TaskAttemptRecord[]>,
): Promise<GuardianTaskView[]> {
  const [person, byTask] = await Promise.all([
    peopleById(tasks.map((t) => t.guardianId)),
    attempts ?? attemptsOf(tasks),
  ]);
  return tasks.map((t) => {
    const own = byTask.get(t.id) ?? [];
    const solvedAt = own.find((a) => a.correct)?.at ?? null;
    return {
      id: t.id,
      guardian: person(t.guardianId),
      learnerId: String(t.learnerId),
      question: t.question,
      choices: t.choices,
      // The learner is told the right choice once they found it, not before.
      correctChoice: viewer === "guardian" || solvedAt ? t.correctChoice : null,
      points: t.points,
      createdAt: t.createdAt.toISOString(),
      startedAt: t.startedAt?.toISOString() ?? null,
      solvedAt: solvedAt?.toISOString() ?? null,
      earned: earned(own),
      creditedPoints: t.creditedPoints ?? null,
      attempts: own.map((a) => ({
        choice: a.choice,
        correct: a.correct,
        at: a.at.toISOString(),
        secondsTaken: a.secondsTaken,
      })),
    };
  });
}
