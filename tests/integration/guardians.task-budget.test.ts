import type { GuardianBudgetView, GuardianTaskView, TaskAnswerResult } from "@chalkline/shared";
import { expect, it } from "vitest";
import { type ApiAnswer, api, type TestAccount } from "../helpers/clients";
import { expectStatus } from "../helpers/courses";
import { guardianCluster, linkedPair, pointsOf } from "../helpers/guardians";

// The server's defaults: 100 task points per guardian per week, 50 per learner per day from one guardian.
const PER_WEEK = 100;
const PER_DAY = 50;

const cluster = guardianCluster(2);
const urls = () => cluster.nodes.map((n) => n.url) as [string, string];

function setTask(url: string, guardian: TestAccount, learnerId: string, points: number) {
  return api<GuardianTaskView>(url, "POST", `/api/learners/${learnerId}/tasks`, {
    token: guardian.accessToken,
    body: { question: `Worth ${points}?`, choices: ["No", "Yes"], correctChoice: 1, points },
  });
}

function answer(url: string, learner: TestAccount, taskId: string, choice: number) {
  return api<TaskAnswerResult>(url, "POST", `/api/me/tasks/${taskId}/answers`, {
    token: learner.accessToken,
    body: { choice },
  });
}

const budgetOf = async (guardian: TestAccount) =>
  expectStatus(
    await api<GuardianBudgetView>(urls()[0], "GET", "/api/me/budget", { token: guardian.accessToken }),
    200,
    "budget",
  ).tasks;

const codeOf = (answer: ApiAnswer<unknown>) => (answer.body as { error?: { code: string } }).error?.code;

it("a guardian's task points per week hold, also for tasks set at once; a task is worth at most the daily cap", {
  timeout: 60_000,
}, async () => {
  const [a, b] = urls();
  const { learner, guardian } = await linkedPair(a);
  expect(await budgetOf(guardian)).toMatchObject({ pointsPerWeek: PER_WEEK, isDefault: true, used: 0, left: PER_WEEK });

  const tooBig = await setTask(a, guardian, learner.user.id, PER_DAY + 1);
  expect(tooBig.status).toBe(409);
  expect(codeOf(tooBig)).toBe("budget_exceeded");

  // Six tasks of 30 at once on two nodes: three fit in the week's 100 points.
  const created = await Promise.all(
    Array.from({ length: 6 }, (_, i) => setTask([a, b][i % 2]!, guardian, learner.user.id, 30)),
  );
  expect(created.filter((r) => r.status === 201)).toHaveLength(3);
  for (const refused of created.filter((r) => r.status !== 201)) expect(codeOf(refused)).toBe("budget_exceeded");
  expect(await budgetOf(guardian)).toMatchObject({ used: 90, left: 10 });
  expect((await setTask(b, guardian, learner.user.id, 10)).status).toBe(201);
  expect((await setTask(a, guardian, learner.user.id, 1)).status).toBe(409);
  const tasks = await api<{ tasks: GuardianTaskView[] }>(a, "GET", `/api/learners/${learner.user.id}/tasks`, {
    token: guardian.accessToken,
  });
  expect(tasks.body.tasks.reduce((sum, t) => sum + t.points, 0)).toBe(PER_WEEK);

  // A wrong first answer earns nothing, and its points go back to the guardian's week.
  const wrong = tasks.body.tasks.find((t) => t.points === 30)!;
  expect(expectStatus(await answer(b, learner, wrong.id, 0), 201, "answer").credited).toBe(0);
  expect(await budgetOf(guardian)).toMatchObject({ used: 70, left: 30 });

  // An admin sets this guardian's week: more tasks fit, and the default comes back when cleared.
  const path = `/api/admin/guardians/${guardian.user.id}/budget/tasks`;
  const set = (pointsPerWeek: number | null) =>
    api<GuardianBudgetView>(a, "PUT", path, { token: cluster.admin.accessToken, body: { pointsPerWeek } });
  expect(expectStatus(await set(200), 200, "set").tasks).toMatchObject({ pointsPerWeek: 200, isDefault: false });
  expect((await setTask(a, guardian, learner.user.id, 50)).status).toBe(201);
  expect(expectStatus(await set(null), 200, "reset").tasks).toMatchObject({ pointsPerWeek: PER_WEEK, left: 0 });
  const own = await api(a, "PUT", `/api/admin/guardians/${guardian.user.id}/budget/tasks`, {
    token: guardian.accessToken,
    body: { pointsPerWeek: 10_000 },
  });
  expect(own.status).toBe(403);
});

it("a learner earns at most the daily cap from one guardian, also when answering several tasks at once", {
  timeout: 60_000,
}, async () => {
  const [a, b] = urls();
  const { learner, guardian } = await linkedPair(a);
  const tasks = await Promise.all(
    [30, 30, 30].map(async (points) => expectStatus(await setTask(a, guardian, learner.user.id, points), 201, "task")),
  );

  // Three right first answers at once, each sent twice, on two nodes: 90 points of rewards, 50 credited.
  const answers = await Promise.all(
    tasks.flatMap((task) => [a, b].map((url) => answer(url, learner, task.id, task.correctChoice!))),
  );
  for (const r of answers) expect([201, 409]).toContain(r.status);
  const credited = answers.filter((r) => r.status === 201).reduce((sum, r) => sum + r.body.credited, 0);
  expect(credited).toBe(PER_DAY);
  expect(await pointsOf(b, learner)).toBe(PER_DAY);

  // The guardian sees what each task credited; what the cap held back went back to their week.
  const seen = await api<{ tasks: GuardianTaskView[] }>(b, "GET", `/api/learners/${learner.user.id}/tasks`, {
    token: guardian.accessToken,
  });
  expect(seen.body.tasks.every((t) => t.earned)).toBe(true);
  expect(seen.body.tasks.reduce((sum, t) => sum + (t.creditedPoints ?? 0), 0)).toBe(PER_DAY);
  expect(await budgetOf(guardian)).toMatchObject({ used: PER_DAY, left: PER_WEEK - PER_DAY });

  // The cap is spent for today: a further task is set, and answered right, but credits nothing.
  const late = expectStatus(await setTask(b, guardian, learner.user.id, 20), 201, "task");
  expect(expectStatus(await answer(a, learner, late.id, 1), 201, "answer")).toMatchObject({
    correct: true,
    credited: 0,
  });
  expect(await pointsOf(a, learner)).toBe(PER_DAY);
  expect(await budgetOf(guardian)).toMatchObject({ used: PER_DAY, left: PER_WEEK - PER_DAY });
});
