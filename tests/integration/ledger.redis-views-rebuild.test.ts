import type { LedgerPage, ProgressView } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { type ClusterNames, loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { deleteMatching, grant, ledgerEntries, openStores, type Stores } from "../helpers/ledger";
import { ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const AWARDS = 30;
const PAGE = 10;

let names: ClusterNames;
let nodes: ServerNodeHandle[];
let stores: Stores;
let learner: TestAccount;

beforeAll(async () => {
  names = newClusterNames();
  nodes = await startCluster(2, ROOMY_LIMITS, names);
  stores = await openStores(names);
  learner = await registerUser(nodes[0]!.url);
  // Awards through both nodes at once: each node records what it stores, in whatever order.
  const admins = await Promise.all(nodes.map((node) => loginDemo(node.url, "admin")));
  await Promise.all(
    Array.from({ length: AWARDS }, async (_, n) => {
      const node = n % nodes.length;
      const answer = await grant(nodes[node]!.url, admins[node]!.accessToken, {
        userId: learner.user.id,
        reason: "lesson_completed",
        key: `lesson:${n}`,
      });
      expect(answer.status).toBe(201);
    }),
  );
}, 120_000);

afterAll(async () => {
  await stores?.close();
  await stopAll(nodes ?? []);
});

/** What the learner's browser reads: the dashboard's numbers and every page of the XP ledger. */
async function learnerView(node: number) {
  const read = <T>(path: string) => api<T>(nodes[node]!.url, "GET", path, { token: learner.accessToken });
  const progress = (await read<ProgressView>("/api/me/progress")).body;
  const pages: LedgerPage[] = [];
  for (let cursor: number | null | undefined; cursor !== null; ) {
    const query = `/api/me/ledger?currency=xp&limit=${PAGE}${cursor ? `&cursor=${cursor}` : ""}`;
    const page = (await read<LedgerPage>(query)).body;
    pages.push(page);
    cursor = page.nextCursor;
  }
  return { xp: progress.xp, points: progress.points, pages };
}

it("balances and ledger pages read from Redis match the database, and come back the same once Redis lost them", {
  timeout: 120_000,
}, async () => {
  const stored = (await ledgerEntries(stores, "xp")).sort((a, b) => b.seq - a.seq);
  const before = await learnerView(1);
  expect(before.xp).toBe(stored[0]!.balanceAfter);
  expect(before.pages.flatMap((p) => p.entries.map((e) => [e.seq, e.amount, e.balanceAfter, e.key]))).toEqual(
    stored.map((e) => [e.seq, e.amount, e.balanceAfter, e.key]),
  );

  // Redis forgets every ledger view (as after a restart without persistence).
  expect(await deleteMatching(stores, `${stores.prefix}ledger:*`)).toBeGreaterThan(0);
  expect(await learnerView(0)).toEqual(before);
  expect(await learnerView(1)).toEqual(before);

  // Rebuilt: the next award moves the head from where the database says it is.
  const admin = await loginDemo(nodes[0]!.url, "admin");
  const next = await grant(nodes[0]!.url, admin.accessToken, {
    userId: learner.user.id,
    reason: "lesson_completed",
    key: "lesson:after",
  });
  expect(next.body.xp).toBeGreaterThan(before.xp);
  const after = await learnerView(1);
  expect(after.xp).toBe(next.body.xp);
  expect(after.pages[0]!.entries[0]).toMatchObject({ key: "lesson:after", balanceAfter: next.body.xp });
});
