import type { GiftView, LearnerGifts } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api, type TestAccount } from "../helpers/clients";
import { expectStatus } from "../helpers/courses";
import { createGift, grantPoints, guardianCluster, linkedPair, pointsOf } from "../helpers/guardians";

const cluster = guardianCluster(1);
const url = () => cluster.nodes[0]!.url;

const giftsPath = (learner: TestAccount) => `/api/learners/${learner.user.id}/gifts`;
const budgetOf = async (guardian: TestAccount) =>
  expectStatus(
    await api<{ giftPoints: number }>(url(), "GET", "/api/me/budget", { token: guardian.accessToken }),
    200,
    "budget",
  ).giftPoints;
const open = (learner: TestAccount, giftId: string) =>
  api<GiftView>(url(), "POST", `/api/me/gifts/${giftId}/open`, { token: learner.accessToken });

it("a guardian chooses who pays for every gift: without a choice nothing is set, and the learner is shown it", {
  timeout: 60_000,
}, async () => {
  const { learner, guardian } = await linkedPair(url());
  await grantPoints([url()], cluster.admin, learner.user.id, "earn", 5);
  const before = await pointsOf(url(), learner);

  // Neither the budget nor the learner chosen: refused, with a message that says what to choose.
  const unchosen = await api(url(), "POST", giftsPath(learner), {
    token: guardian.accessToken,
    body: { kind: "custom", title: "Kite", threshold: 20 },
  });
  expect(unchosen.status).toBe(400);
  expect(unchosen.body).toMatchObject({
    error: { code: "invalid_payload", message: expect.stringContaining("payer: choose who pays") },
  });
  const listed = await api<{ gifts: GiftView[] }>(url(), "GET", giftsPath(learner), { token: guardian.accessToken });
  expect(listed.body.gifts).toEqual([]);

  // The learner pays, as chosen: stored on the gift, shown to the learner before opening, spent on opening.
  const theirs = await createGift(url(), guardian, learner.user.id, {
    kind: "custom",
    payer: "learner",
    title: "Kite",
    threshold: 20,
  });
  expect(theirs).toMatchObject({ payer: "learner", paidByGuardian: false, cost: 20, status: "unlocked" });
  const shelf = expectStatus(
    await api<LearnerGifts>(url(), "GET", "/api/me/gifts", { token: learner.accessToken }),
    200,
    "shelf",
  );
  expect(shelf.gifts.find((g) => g.id === theirs.id)).toMatchObject({ payer: "learner", cost: 20 });
  expect(expectStatus(await open(learner, theirs.id), 200, "open").status).toBe("activated");
  expect(await pointsOf(url(), learner)).toBe(before - 20);

  // The guardian's budget pays, as chosen: refused while there is none, then paid once, and free to open.
  const unfunded = await api(url(), "POST", giftsPath(learner), {
    token: guardian.accessToken,
    body: { kind: "custom", payer: "budget", title: "Cinema", threshold: 20 },
  });
  expect(unfunded.status).toBe(409);
  expect(unfunded.body).toMatchObject({ error: { code: "budget_exceeded" } });
  expectStatus(
    await api(url(), "POST", `/api/admin/guardians/${guardian.user.id}/budget/gifts`, {
      token: cluster.admin.accessToken,
      body: { points: 50, requestId: "grant-payer-1" },
    }),
    200,
    "grant budget",
  );
  const funded = await createGift(url(), guardian, learner.user.id, {
    kind: "custom",
    payer: "budget",
    title: "Cinema",
    threshold: 20,
  });
  expect(funded).toMatchObject({ payer: "budget", paidByGuardian: true, cost: 0, status: "unlocked" });
  expect(await budgetOf(guardian)).toBe(30);
  expect(expectStatus(await open(learner, funded.id), 200, "open").status).toBe("activated");
  expect(await pointsOf(url(), learner)).toBe(before - 20);
});
