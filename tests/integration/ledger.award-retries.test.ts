import type { LedgerPage, ProgressView } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { grant, ledgerEntries, openStores, type Stores } from "../helpers/ledger";
import { ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const RETRIES = 50;

let nodes: ServerNodeHandle[];
let stores: Stores;
let admin: TestAccount;
let learner: TestAccount;

beforeAll(async () => {
  const names = newClusterNames();
  nodes = await startCluster(2, ROOMY_LIMITS, names);
  stores = await openStores(names);
  admin = await loginDemo(nodes[0]!.url, "admin");
  learner = await registerUser(nodes[0]!.url);
});

afterAll(async () => {
  await stores?.close();
  await stopAll(nodes ?? []);
});

it("50 concurrent retries of one award, through two nodes, apply it exactly once", async () => {
  const body = { userId: learner.user.id, reason: "lesson_completed" as const, key: "lesson:intro" };
  const answers = await Promise.all(
    Array.from({ length: RETRIES }, (_, i) => grant(nodes[i % 2]!.url, admin.accessToken, body)),
  );
  expect(answers.map((a) => a.status).sort()).toEqual([...Array(RETRIES - 1).fill(200), 201]);
  expect(answers.filter((a) => a.body.applied)).toHaveLength(1);

  const xp = (await ledgerEntries(stores, "xp")).filter((e) => e.key === "lesson:intro");
  const points = (await ledgerEntries(stores, "points")).filter((e) => e.key === "lesson:intro");
  expect(xp.map((e) => e.amount)).toEqual([50]);
  expect(points.map((e) => e.amount)).toEqual([5]);

  // The lesson's 50 XP and the day's streak (20 XP); 5 points and the first badge's 10.
  const progress = await api<ProgressView>(nodes[1]!.url, "GET", "/api/me/progress", { token: learner.accessToken });
  expect(progress.status).toBe(200);
  expect(progress.body).toMatchObject({ xp: 70, points: 15, level: 1, streak: { current: 1, activeToday: true } });
  expect(progress.body.achievements[0]).toMatchObject({ id: "first_steps", rarity: "common" });
  expect(progress.body.achievements[0]!.earnedAt).not.toBeNull();
  for (const answer of answers) expect(answer.body).toMatchObject({ xp: expect.any(Number), level: 1 });
  expect(answers.find((a) => a.body.applied)!.body.newAchievements).toEqual(["first_steps"]);

  const page = await api<LedgerPage>(nodes[0]!.url, "GET", "/api/me/ledger?currency=xp", {
    token: learner.accessToken,
  });
  expect(page.body.entries.map((e) => [e.reason, e.amount, e.balanceAfter])).toEqual([
    ["daily_streak", 20, 70],
    ["lesson_completed", 50, 50],
  ]);
});

it("takes a learner's time zone only when Intl knows it", async () => {
  const patch = (timeZone: string) =>
    api(nodes[0]!.url, "PATCH", "/api/me", { token: learner.accessToken, body: { timeZone } });
  expect((await patch("Mars/Olympus_Mons")).status).toBe(400);
  expect((await patch("Asia/Kolkata")).body).toMatchObject({ timeZone: "Asia/Kolkata" });
  expect((await api(nodes[1]!.url, "GET", "/api/me", { token: learner.accessToken })).body).toMatchObject({
    timeZone: "Asia/Kolkata",
  });
});

it("refuses the manual grant to anyone but an admin, and checks the body", async () => {
  const body = { userId: learner.user.id, reason: "lesson_completed", key: "lesson:x" };
  expect((await grant(nodes[0]!.url, learner.accessToken, body as never)).status).toBe(403);
  const bad = await grant(nodes[0]!.url, admin.accessToken, { ...body, reason: "bribe" } as never);
  expect(bad.status).toBe(400);
  const unknown = await grant(nodes[0]!.url, admin.accessToken, {
    ...body,
    userId: "0123456789abcdef01234567",
  } as never);
  expect(unknown.status).toBe(404);
});
