import type { LeaderboardView, LedgerPage, ProgressView } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../server/src/seed/demo";
import { api, login, type TestAccount } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

let node: ServerNodeHandle;
let learners: TestAccount[];
beforeAll(async () => {
  [node] = (await startCluster(1, { SEED_DEMO_SCOPE: "school" })) as [ServerNodeHandle];
  learners = await Promise.all(
    DEMO_USERS.filter((u) => u.role === "learner").map((u) => login(node.url, u.email, DEMO_PASSWORD)),
  );
}, 120_000);
afterAll(() => stopAll(node ? [node] : []));

/** The sum of every entry of the learner's ledger in one currency, read page by page. */
async function ledgerSum(learner: TestAccount, currency: "xp" | "points"): Promise<number> {
  let sum = 0;
  let cursor: number | null = null;
  do {
    const query: string = `currency=${currency}&limit=100${cursor === null ? "" : `&cursor=${cursor}`}`;
    const page: LedgerPage = (
      await api<LedgerPage>(node.url, "GET", `/api/me/ledger?${query}`, { token: learner.accessToken })
    ).body;
    sum += page.entries.reduce((total, e) => total + e.amount, 0);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return sum;
}

it("each demo learner's balances are their ledgers' sums, and the boards rank them by that XP", async () => {
  const wallets = await Promise.all(
    learners.map(async (learner) => {
      const progress = (await api<ProgressView>(node.url, "GET", "/api/me/progress", { token: learner.accessToken }))
        .body;
      expect(progress.xp).toBe(await ledgerSum(learner, "xp"));
      expect(progress.points).toBe(await ledgerSum(learner, "points"));
      return { id: learner.user.id, xp: progress.xp, points: progress.points };
    }),
  );
  // Weeks of learning, different for each, and one learner spent points on an order.
  expect(new Set(wallets.map((w) => w.xp)).size).toBe(wallets.length);
  for (const w of wallets) expect(w.xp).toBeGreaterThan(0);

  const board = (
    await api<LeaderboardView>(node.url, "GET", "/api/leaderboards/global?period=all", {
      token: learners[0]!.accessToken,
    })
  ).body;
  const expected = [...wallets].sort((a, b) => b.xp - a.xp);
  expect(board.top.map((s) => ({ id: s.user.id, xp: s.score }))).toEqual(expected.map(({ id, xp }) => ({ id, xp })));
  expect(board.top.map((s) => s.rank)).toEqual([1, 2, 3]);

  // This week's board has the learners who studied this week; someone is on it.
  const week = (
    await api<LeaderboardView>(node.url, "GET", "/api/leaderboards/global?period=week", {
      token: learners[0]!.accessToken,
    })
  ).body;
  expect(week.top.length).toBeGreaterThan(0);
}, 60_000);
