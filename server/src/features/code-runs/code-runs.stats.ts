import type { CodeExerciseStats } from "@chalkline/shared";
import { User } from "../accounts/user.model";
import { CodeAttempt, type CodeAttemptRecord } from "./code-runs.model";

const MOST_FAILED = 10;
const GROUPS_LISTED = 20;

/** Pass rate, attempts to a first pass, the tests failed most (hidden ones by their source) and recent group grades. */
export async function codeExerciseStats(lessonId: string): Promise<CodeExerciseStats> {
  const attempts = await CodeAttempt.find({ lessonId }, { code: 0, output: 0, tests: 0 }).sort({
    createdAt: 1,
    _id: 1,
  });
  const byLearner = new Map<string, { count: number; passedAt: number | null }>();
  const failures = new Map<string, { hidden: boolean; failures: number }>();
  for (const attempt of attempts) {
    const learner = byLearner.get(String(attempt.userId)) ?? { count: 0, passedAt: null };
    learner.count++;
    if (attempt.passed && learner.passedAt === null) learner.passedAt = learner.count;
    byLearner.set(String(attempt.userId), learner);
    for (const { source, hidden } of attempt.failed) {
      const entry = failures.get(source) ?? { hidden, failures: 0 };
      entry.failures++;
      failures.set(source, entry);
    }
  }
  const passedAt = [...byLearner.values()].flatMap((l) => (l.passedAt === null ? [] : [l.passedAt]));
  const groups = await groupSubmissions(attempts.filter((a) => a.group));
  return {
    attempts: attempts.length,
    learners: byLearner.size,
    passedLearners: passedAt.length,
    passRate: byLearner.size === 0 ? 0 : Math.round((passedAt.length / byLearner.size) * 100),
    attemptsToPass: passedAt.length === 0 ? null : passedAt.reduce((a, b) => a + b, 0) / passedAt.length,
    mostFailed: [...failures]
      .map(([name, { hidden, failures: count }]) => ({ name, hidden, failures: count }))
      .sort((a, b) => b.failures - a.failures || a.name.localeCompare(b.name))
      .slice(0, MOST_FAILED),
    groups,
  };
}

type GroupAttempt = Pick<CodeAttemptRecord, "userId" | "passed" | "group" | "createdAt">;

/** One row per group submission, newest first. */
async function groupSubmissions(attempts: GroupAttempt[]): Promise<CodeExerciseStats["groups"]> {
  const rows = new Map<string, CodeExerciseStats["groups"][number]>();
  const userIds = new Set<string>();
  for (const attempt of attempts) {
    const group = attempt.group;
    if (!group) continue;
    const key = group.submissionId;
    const row = rows.get(key) ?? {
      roomId: group.roomId,
      submittedBy: group.submittedBy,
      passed: attempt.passed,
      createdAt: attempt.createdAt.toISOString(),
      members: [],
    };
    row.members.push({ userId: String(attempt.userId), displayName: "", share: group.share });
    userIds.add(String(attempt.userId));
    rows.set(key, row);
  }
  const users = await User.find({ _id: { $in: [...userIds] } }, { displayName: 1 });
  const names = new Map(users.map((u) => [u.id as string, u.displayName as string]));
  const list = [...rows.values()].reverse().slice(0, GROUPS_LISTED);
  for (const row of list) for (const m of row.members) m.displayName = names.get(m.userId) ?? "Former member";
  return list;
}
