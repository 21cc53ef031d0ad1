import type { CheckoutView, OrderPage } from "@chalkline/shared";
import mongoose from "mongoose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { grant, openStores, type Stores } from "../helpers/ledger";
import type { ServerNodeHandle } from "../helpers/server";
import { buy, createProduct, storeEnv } from "../helpers/store";

const names = newClusterNames();
let nodes: ServerNodeHandle[];
let stores: Stores;
let admin: TestAccount;

beforeAll(async () => {
  nodes = await startCluster(2, storeEnv(), names);
  stores = await openStores(names);
  admin = await loginDemo(nodes[0]!.url, "admin");
}, 120_000);

afterAll(async () => {
  await stores?.close();
  await stopAll(nodes ?? []);
});

/** A new learner with `correct × 10` points. */
async function learnerWith(correct: number): Promise<TestAccount> {
  const learner = await registerUser(nodes[0]!.url);
  await grant(nodes[0]!.url, admin.accessToken, {
    userId: learner.user.id,
    reason: "quiz_correct_answers",
    key: `seed:${learner.user.id}`,
    detail: { correct, total: correct },
  });
  return learner;
}

const product = (productId: string) => ({ kind: "product" as const, productId, quantity: 1 });
const listed = async (token: string, scope: "mine" | "all", productId: string) =>
  (await api<OrderPage>(nodes[1]!.url, "GET", `/api/orders?scope=${scope}`, { token })).body.orders.filter(
    (o) => o.item.refId === productId,
  );
const storedOrders = (learner: TestAccount) =>
  stores.db.collection("orders").countDocuments({ userId: new mongoose.Types.ObjectId(learner.user.id) });

it("a purchase without enough points is refused with its code and leaves no order", async () => {
  const learner = await learnerWith(3);
  const pricey = await createProduct(nodes[0]!.url, admin.accessToken, { pricePoints: 42, stock: 5 });
  const answer = await buy(nodes[0]!.url, learner.accessToken, product(pricey.id), "points");
  expect(answer.status).toBe(409);
  expect(answer.body).toMatchObject({ error: { code: "insufficient_points" } });
  expect(await listed(learner.accessToken, "mine", pricey.id)).toEqual([]);
  expect(await listed(admin.accessToken, "all", pricey.id)).toEqual([]);
  expect(await storedOrders(learner)).toBe(0);
  const after = await api(nodes[0]!.url, "GET", `/api/store/products/${pricey.id}`, { token: admin.accessToken });
  expect(after.body.stock).toBe(5);
});

it("a purchase of something sold out is refused with its code and leaves no order", async () => {
  const learner = await learnerWith(5);
  const gone = await createProduct(nodes[0]!.url, admin.accessToken, { pricePoints: 10, stock: 0 });
  const answer = await buy(nodes[0]!.url, learner.accessToken, product(gone.id), "points");
  expect(answer.status).toBe(409);
  expect(answer.body).toMatchObject({ error: { code: "out_of_stock" } });
  expect(await listed(learner.accessToken, "mine", gone.id)).toEqual([]);
  expect(await storedOrders(learner)).toBe(0);
});

it("of two buyers racing for the last unit one buys it; the other is refused and sees no order", async () => {
  const [first, second] = await Promise.all([learnerWith(2), learnerWith(2)]);
  const last = await createProduct(nodes[0]!.url, admin.accessToken, { pricePoints: 20, stock: 1 });
  const answers = await Promise.all(
    [first!, second!].map((l, i) => buy(nodes[i]!.url, l.accessToken, product(last.id), "points")),
  );
  expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
  const loser = answers[0]!.status === 409 ? first! : second!;
  expect(answers.find((a) => a.status === 409)!.body).toMatchObject({ error: { code: "out_of_stock" } });
  expect(await listed(loser.accessToken, "mine", last.id)).toEqual([]);
  const sold = await listed(admin.accessToken, "all", last.id);
  expect(sold.map((o) => o.status)).toEqual(["fulfilled"]);
  const stock = await api(nodes[0]!.url, "GET", `/api/store/products/${last.id}`, { token: admin.accessToken });
  expect(stock.body.stock).toBe(0);
});

it("two buys with points for just one: one is bought, the other refused, never overdrawn, no failed order", async () => {
  const learner = await learnerWith(3);
  const item = await createProduct(nodes[0]!.url, admin.accessToken, { pricePoints: 30, stock: 10 });
  const answers = await Promise.all(nodes.map((n) => buy(n.url, learner.accessToken, product(item.id), "points")));
  expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
  expect(answers.find((a) => a.status === 409)!.body).toMatchObject({ error: { code: "insufficient_points" } });
  const bought = answers.find((a) => a.status === 201)!.body as CheckoutView;
  const mine = await listed(learner.accessToken, "mine", item.id);
  expect(mine.map((o) => o.id)).toEqual([bought.order.id]);
  const progress = await api<{ points: number }>(nodes[0]!.url, "GET", "/api/me/progress", {
    token: learner.accessToken,
  });
  expect(progress.body.points).toBe(0);
});
