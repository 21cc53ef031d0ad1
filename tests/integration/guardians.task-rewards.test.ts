import type { GuardianTaskView, LedgerPage, TaskAnswerResult } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api, type TestAccount } from "../helpers/clients";
import { expectStatus } from "../helpers/courses";
import { guardianCluster, linkedPair, pointsOf } from "../helpers/guardians";

const cluster = guardianCluster(2);
const TASK = {
  question: "Which planet is largest?",
  choices: ["Mars", "Jupiter", "Venus"],
  correctChoice: 1,
  points: 40,
};

async function setTask(url: string, guardian: TestAccount, learnerId: string): Promise<GuardianTaskView> {
  const created = await api<GuardianTaskView>(url, "POST", `/api/learners/${learnerId}/tasks`, {
    token: guardian.accessToken,
    body: TASK,
  });
  return expectStatus(created, 201, "task");
}

function answer(url: string, learner: TestAccount, taskId: string, choice: number) {
  return api<TaskAnswerResult>(url, "POST", `/api/me/tasks/${taskId}/answers`, {
    token: learner.accessToken,
    body: { choice },
  });
}

async function taskCredits(url: string, learner: TestAccount): Promise<string[]> {
  const page = await api<LedgerPage>(url, "GET", "/api/me/ledger?currency=points&limit=100", {
    token: learner.accessToken,
  });
  return expectStatus(page, 200, "ledger")
    .entries.filter((e) => e.reason === "guardian_task")
    .map((e) => e.key);
}

it("a right first answer credits the task's points once; a second right answer credits nothing", {
  timeout: 60_000,
}, async () => {
  const [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
  const { learner, guardian } = await linkedPair(a);
  const task = await setTask(a, guardian, learner.user.id);
  // The learner is not told the answer before they find it.
  const listed = await api<{ tasks: GuardianTaskView[] }>(b, "GET", "/api/me/tasks", { token: learner.accessToken });
  expect(listed.body.tasks.map((t) => [t.id, t.correctChoice])).toEqual([[task.id, null]]);
  expect((await api(b, "POST", `/api/me/tasks/${task.id}/start`, { token: learner.accessToken })).status).toBe(200);

  const first = expectStatus(await answer(b, learner, task.id, 1), 201, "first answer");
  expect(first).toMatchObject({ correct: true, credited: 40, task: { earned: true, correctChoice: 1 } });
  expect(first.task.attempts).toEqual([
    expect.objectContaining({ choice: 1, correct: true, secondsTaken: expect.any(Number) }),
  ]);
  const again = await answer(a, learner, task.id, 1);
  expect(again.status).toBe(409);
  expect(await pointsOf(a, learner)).toBe(40);
  expect(await taskCredits(b, learner)).toEqual([`guardian-task:${task.id}`]);

  // The guardian sees the attempt and how long it took.
  const seen = await api<{ tasks: GuardianTaskView[] }>(a, "GET", `/api/learners/${learner.user.id}/tasks`, {
    token: guardian.accessToken,
  });
  expect(seen.body.tasks[0]).toMatchObject({ id: task.id, earned: true, attempts: [{ choice: 1, correct: true }] });
});

it("a wrong first answer earns nothing, even when the next one is right", { timeout: 60_000 }, async () => {
  const [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
  const { learner, guardian } = await linkedPair(a);
  const task = await setTask(b, guardian, learner.user.id);
  expect(expectStatus(await answer(a, learner, task.id, 0), 201, "wrong")).toMatchObject({
    correct: false,
    credited: 0,
    task: { correctChoice: null, solvedAt: null },
  });
  const right = expectStatus(await answer(b, learner, task.id, 1), 201, "right");
  expect(right).toMatchObject({ correct: true, credited: 0, task: { earned: false, correctChoice: 1 } });
  expect(right.task.attempts.map((t) => t.correct)).toEqual([false, true]);
  expect(await taskCredits(a, learner)).toEqual([]);
  expect((await answer(a, learner, task.id, 0)).status).toBe(409);
  expect((await answer(a, learner, task.id, 5)).status).toBe(400);
});

it("ten right first answers sent at once on two nodes credit the points once", { timeout: 60_000 }, async () => {
  const [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
  const { learner, guardian } = await linkedPair(a);
  const task = await setTask(a, guardian, learner.user.id);
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => answer([a, b][i % 2]!, learner, task.id, 1)));
  const stored = answers.filter((r) => r.status === 201);
  expect(stored).toHaveLength(1);
  expect(stored[0]!.body.credited).toBe(40);
  expect(answers.filter((r) => r.status === 409)).toHaveLength(9);
  expect(await pointsOf(b, learner)).toBe(40);
  expect(await taskCredits(a, learner)).toEqual([`guardian-task:${task.id}`]);
});
