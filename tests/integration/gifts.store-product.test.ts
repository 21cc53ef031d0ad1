import type { GiftView, OrderView, ProductView } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api, type TestAccount } from "../helpers/clients";
import { expectStatus } from "../helpers/courses";
import { createGift, grantPoints, guardianCluster, linkedPair, pointsOf } from "../helpers/guardians";

const cluster = guardianCluster(1);
const url = () => cluster.nodes[0]!.url;

async function product(stock: number): Promise<ProductView> {
  const body = { name: `Sketchbook ${stock}`, kind: "physical", pricePoints: 500, priceCents: null, stock };
  return expectStatus(
    await api<ProductView>(url(), "POST", "/api/store/products", { token: cluster.admin.accessToken, body }),
    201,
    "product",
  );
}

const open = (learner: TestAccount, giftId: string) =>
  api<GiftView>(url(), "POST", `/api/me/gifts/${giftId}/open`, { token: learner.accessToken });

it("a store product gift opens into one fulfilled store order at the product's points price; a sold-out one charges nothing", async () => {
  const { learner, guardian } = await linkedPair(url());
  await grantPoints([url()], cluster.admin, learner.user.id, "earn", 60);
  const [inStock, soldOut] = [await product(1), await product(0)];
  const gift = await createGift(url(), guardian, learner.user.id, {
    kind: "product",
    payer: "learner",
    productId: inStock.id,
    threshold: 60,
  });
  // The threshold only unlocks it: opening costs the product's real price.
  expect(gift).toMatchObject({ title: inStock.name, physical: true, status: "unlocked", cost: 500 });
  const before = await pointsOf(url(), learner);

  const opened = expectStatus(await open(learner, gift.id), 200, "open");
  expect(opened).toMatchObject({ status: "activated", shipping: { status: "pending" } });
  const order = expectStatus(
    await api<OrderView>(url(), "GET", `/api/orders/${opened.grantId}`, { token: learner.accessToken }),
    200,
    "order",
  );
  expect(order).toMatchObject({ status: "fulfilled", payment: { method: "gift", points: 500, cents: 0 } });
  expect(await pointsOf(url(), learner)).toBe(before - 500);

  // The last unit went to the first gift: a second gift of it waits, unlocked, with the points kept.
  const second = await createGift(url(), guardian, learner.user.id, {
    kind: "product",
    payer: "learner",
    productId: inStock.id,
    threshold: 5,
  });
  const refused = await open(learner, second.id);
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ error: { code: "out_of_stock" } });
  expect(await pointsOf(url(), learner)).toBe(before - 500);

  // A product that is not in stock cannot even be given.
  const none = await createGift(url(), guardian, learner.user.id, {
    kind: "product",
    payer: "learner",
    productId: soldOut.id,
    threshold: 5,
  });
  expect((await open(learner, none.id)).status).toBe(409);
  const unknown = await api(url(), "POST", `/api/learners/${learner.user.id}/gifts`, {
    token: guardian.accessToken,
    body: { kind: "product", productId: "0123456789abcdef01234567", threshold: 5, payer: "learner" },
  });
  expect(unknown.status).toBe(404);
});
