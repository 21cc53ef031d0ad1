import type { GiftView, LedgerPage } from "@chalkline/shared";
import mongoose from "mongoose";
import { expect, it } from "vitest";
import { api, type TestAccount } from "../helpers/clients";
import { expectStatus } from "../helpers/courses";
import { createGift, grantPoints, guardianCluster, linkedPair, pointsOf } from "../helpers/guardians";
import { openStores } from "../helpers/ledger";

const cluster = guardianCluster(2);

function open(url: string, learner: TestAccount, giftId: string) {
  return api<GiftView>(url, "POST", `/api/me/gifts/${giftId}/open`, { token: learner.accessToken });
}

async function giftSpends(url: string, learner: TestAccount): Promise<Array<{ key: string; amount: number }>> {
  const page = await api<LedgerPage>(url, "GET", "/api/me/ledger?currency=points&limit=100", {
    token: learner.accessToken,
  });
  return expectStatus(page, 200, "ledger").entries.filter((e) => e.key.startsWith("gift:"));
}

it("opening a gift twice at once, on two nodes, spends its points once and activates it once", {
  timeout: 60_000,
}, async () => {
  const [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
  const { learner, guardian } = await linkedPair(a);
  await grantPoints([a, b], cluster.admin, learner.user.id, "earn", 30);
  const gift = await createGift(a, guardian, learner.user.id, {
    kind: "custom",
    payer: "learner",
    title: "Football boots",
    physical: true,
    threshold: 200,
  });
  expect(gift.status).toBe("unlocked");
  const before = await pointsOf(a, learner);

  const answers = await Promise.all([open(a, learner, gift.id), open(b, learner, gift.id)]);
  const opened = answers.filter((r) => r.status === 200);
  expect(opened.length).toBeGreaterThanOrEqual(1);
  for (const r of answers) expect([200, 409]).toContain(r.status);
  for (const r of opened)
    expect(r.body).toMatchObject({ id: gift.id, status: "activated", shipping: { status: "pending" } });
  expect(opened[0]!.body.grantId).not.toBeNull();

  expect(await pointsOf(b, learner)).toBe(before - 200);
  expect(await giftSpends(a, learner)).toEqual([expect.objectContaining({ key: `gift:${gift.id}`, amount: -200 })]);
  // Opening it again later answers the activated gift and spends nothing.
  expect((await open(b, learner, gift.id)).body.status).toBe("activated");
  expect(await pointsOf(a, learner)).toBe(before - 200);
});

it("two gifts the balance covers only one of: one opens, the other stays unlocked, never below zero", {
  timeout: 60_000,
}, async () => {
  const [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
  const { learner, guardian } = await linkedPair(a);
  await grantPoints([a, b], cluster.admin, learner.user.id, "earn", 15);
  const points = await pointsOf(a, learner);
  const threshold = Math.floor(points / 2) + 10;
  const gifts = await Promise.all(
    ["Kite", "Puzzle"].map((title) =>
      createGift(b, guardian, learner.user.id, { kind: "custom", payer: "learner", title, threshold }),
    ),
  );
  expect(gifts.map((g) => g.status)).toEqual(["unlocked", "unlocked"]);

  const answers = await Promise.all(gifts.map((g, i) => open([a, b][i]!, learner, g.id)));
  expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
  expect(answers.find((r) => r.status === 409)!.body).toMatchObject({ error: { code: "insufficient_points" } });
  expect(await pointsOf(a, learner)).toBe(points - threshold);
  expect(await giftSpends(b, learner)).toHaveLength(1);

  // The refused one was given back, not left half-open: it opens once the points are there.
  const refused = gifts[answers.findIndex((r) => r.status === 409)]!;
  const mine = await api<{ gifts: GiftView[] }>(a, "GET", "/api/me/gifts", { token: learner.accessToken });
  expect(mine.body.gifts.find((g) => g.id === refused.id)?.status).toBe("unlocked");
  await grantPoints([a], cluster.admin, learner.user.id, "more", 15);
  expect((await open(b, learner, refused.id)).body.status).toBe("activated");
  expect(await giftSpends(a, learner)).toHaveLength(2);
});

it("an opening left midway by a dead node is finished by the next read, spending once", {
  timeout: 60_000,
}, async () => {
  const [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
  const { learner, guardian } = await linkedPair(a);
  await grantPoints([a], cluster.admin, learner.user.id, "earn", 20);
  const before = await pointsOf(a, learner);
  const [early, late] = await Promise.all(
    ["Died before paying", "Died after paying"].map((title) =>
      createGift(a, guardian, learner.user.id, { kind: "custom", payer: "learner", title, threshold: 50 }),
    ),
  );
  // The late one was paid and granted; only its last write, the activation, was lost.
  expect((await open(a, learner, late!.id)).body.status).toBe("activated");
  const stores = await openStores(cluster.names);
  try {
    const stalled = {
      status: "opening",
      opening: { attemptId: "dead-node", startedAt: new Date(Date.now() - 60_000) },
    };
    const ids = [early!.id, late!.id].map((id) => new mongoose.Types.ObjectId(id));
    await stores.db.collection("gifts").updateMany({ _id: { $in: ids } }, { $set: stalled });
  } finally {
    await stores.close();
  }

  const mine = await api<{ gifts: GiftView[] }>(b, "GET", "/api/me/gifts", { token: learner.accessToken });
  expect(mine.body.gifts.map((g) => g.status)).toEqual(["activated", "activated"]);
  expect(await pointsOf(a, learner)).toBe(before - 100);
  expect((await giftSpends(a, learner)).map((e) => e.key).sort()).toEqual(
    [`gift:${early!.id}`, `gift:${late!.id}`].sort(),
  );
});
