import type { GiftView, GuardianBudgetView, OrderPage, ProductView } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api, type TestAccount } from "../helpers/clients";
import { expectStatus } from "../helpers/courses";
import { createGift, grantPoints, guardianCluster, linkedPair, pointsOf } from "../helpers/guardians";
import { createProduct } from "../helpers/store";

const cluster = guardianCluster(2);
const urls = () => cluster.nodes.map((n) => n.url) as [string, string];

const stockOf = async (productId: string) =>
  expectStatus(
    await api<ProductView>(urls()[0], "GET", `/api/store/products/${productId}`, { token: cluster.admin.accessToken }),
    200,
    "product",
  ).stock;

const open = (url: string, learner: TestAccount, giftId: string) =>
  api<GiftView>(url, "POST", `/api/me/gifts/${giftId}/open`, { token: learner.accessToken });

const budgetOf = async (guardian: TestAccount) =>
  expectStatus(
    await api<GuardianBudgetView>(urls()[0], "GET", "/api/me/budget", { token: guardian.accessToken }),
    200,
    "budget",
  );

const ordersOf = async (learner: TestAccount) =>
  expectStatus(await api<OrderPage>(urls()[0], "GET", "/api/orders", { token: learner.accessToken }), 200, "orders")
    .orders;

it("a self-made guardian and learner cannot get stock for 1 point: opening costs the product's price", {
  timeout: 60_000,
}, async () => {
  const [a, b] = urls();
  // Both accounts registered themselves: nobody approved anything.
  const { learner, guardian } = await linkedPair(a);
  await grantPoints([a], cluster.admin, learner.user.id, "earn", 1);
  const product = await createProduct(a, cluster.admin.accessToken, { kind: "physical", pricePoints: 300, stock: 5 });
  const before = await pointsOf(a, learner);

  const gift = await createGift(a, guardian, learner.user.id, {
    kind: "product",
    payer: "learner",
    productId: product.id,
    threshold: 1,
  });
  expect(gift).toMatchObject({ status: "unlocked", cost: 300, paidByGuardian: false });
  const answers = await Promise.all([open(a, learner, gift.id), open(b, learner, gift.id)]);
  for (const answer of answers) expect(answer.status).toBe(409);
  expect(answers.map((r) => (r.body as unknown as { error: { code: string } }).error.code)).toContain(
    "insufficient_points",
  );
  expect(await stockOf(product.id)).toBe(5);
  expect(await pointsOf(a, learner)).toBe(before);
  expect(await ordersOf(learner)).toEqual([]);

  // The guardian has no budget to pay for it either, and a product sold only for money is no gift.
  const funded = await api(a, "POST", `/api/learners/${learner.user.id}/gifts`, {
    token: guardian.accessToken,
    body: { kind: "product", productId: product.id, threshold: 1, payer: "budget" },
  });
  expect(funded.status).toBe(409);
  expect(funded.body).toMatchObject({ error: { code: "budget_exceeded" } });
  const moneyOnly = await createProduct(a, cluster.admin.accessToken, { pricePoints: null, priceCents: 500 });
  const unpriced = await api(a, "POST", `/api/learners/${learner.user.id}/gifts`, {
    token: guardian.accessToken,
    body: { kind: "product", productId: moneyOnly.id, threshold: 1, payer: "learner" },
  });
  expect(unpriced.status).toBe(400);

  // With the points, the learner pays the price, once.
  await grantPoints([a], cluster.admin, learner.user.id, "more", 30);
  expect(expectStatus(await open(b, learner, gift.id), 200, "open").status).toBe("activated");
  expect(await pointsOf(a, learner)).toBe(before + 300 - 300);
  expect(await stockOf(product.id)).toBe(4);
});

it("with an admin's budget, the guardian's budget pays for the gift once; the learner pays nothing", {
  timeout: 60_000,
}, async () => {
  const [a, b] = urls();
  const { learner, guardian } = await linkedPair(a);
  // Ten points: enough to unlock the gifts below, far from their price.
  await grantPoints([a], cluster.admin, learner.user.id, "earn", 1);
  const product = await createProduct(a, cluster.admin.accessToken, { kind: "physical", pricePoints: 300, stock: 5 });
  const adminPath = `/api/admin/guardians/${guardian.user.id}/budget`;

  // Only admins grant a budget; the same grant resent is applied once.
  const grant = (url: string) =>
    api<GuardianBudgetView>(url, "POST", `${adminPath}/gifts`, {
      token: cluster.admin.accessToken,
      body: { points: 400, requestId: "grant-0001" },
    });
  const self = await api(a, "POST", `${adminPath}/gifts`, {
    token: guardian.accessToken,
    body: { points: 400, requestId: "grant-0002" },
  });
  expect(self.status).toBe(403);
  expect((await Promise.all([grant(a), grant(b), grant(a)])).map((r) => r.status)).toEqual([200, 200, 200]);
  expect((await budgetOf(guardian)).giftPoints).toBe(400);

  // Two funded gifts at once, on two nodes: the budget covers one; it never goes below zero.
  const body = { kind: "product", productId: product.id, threshold: 1, payer: "budget" } as const;
  const created = await Promise.all(
    [a, b].map((url) =>
      api<GiftView>(url, "POST", `/api/learners/${learner.user.id}/gifts`, { token: guardian.accessToken, body }),
    ),
  );
  expect(created.map((r) => r.status).sort()).toEqual([201, 409]);
  const gift = created.find((r) => r.status === 201)!.body;
  expect(gift).toMatchObject({ paidByGuardian: true, cost: 0, status: "unlocked" });
  expect((await budgetOf(guardian)).giftPoints).toBe(100);

  // The learner opens it several times at once: one order, nothing spent.
  expect(await pointsOf(a, learner)).toBe(10);
  const answers = await Promise.all([a, b, a, b].map((url) => open(url, learner, gift.id)));
  for (const answer of answers) expect([200, 409]).toContain(answer.status);
  expect(answers.some((r) => r.status === 200)).toBe(true);
  const orders = await ordersOf(learner);
  expect(orders).toHaveLength(1);
  expect(orders[0]).toMatchObject({ status: "fulfilled", payment: { method: "gift", points: 300 } });
  expect(await pointsOf(a, learner)).toBe(10);
  expect(await stockOf(product.id)).toBe(4);
  expect((await budgetOf(guardian)).giftPoints).toBe(100);

  // A funded gift sent again with its requestId is paid once; withdrawn while locked, it pays back.
  const cheap = await createProduct(a, cluster.admin.accessToken, { pricePoints: 60, stock: 5 });
  const resend = { kind: "product", productId: cheap.id, threshold: 1_000, payer: "budget", requestId: "gift-0001" };
  const sent = await Promise.all(
    [a, b, a].map((url) =>
      api<GiftView>(url, "POST", `/api/learners/${learner.user.id}/gifts`, {
        token: guardian.accessToken,
        body: resend,
      }),
    ),
  );
  expect(sent.map((r) => r.status)).toEqual([201, 201, 201]);
  expect(new Set(sent.map((r) => r.body.id)).size).toBe(1);
  expect((await budgetOf(guardian)).giftPoints).toBe(40);
  const withdrawn = await api(b, "DELETE", `/api/gifts/${sent[0]!.body.id}`, { token: guardian.accessToken });
  expect(withdrawn.status).toBe(204);
  expect((await budgetOf(guardian)).giftPoints).toBe(100);
});
