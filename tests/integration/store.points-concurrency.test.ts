import type { CheckoutView, OrderView } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { grant, ledgerEntries, openStores, type Stores } from "../helpers/ledger";
import type { ServerNodeHandle } from "../helpers/server";
import { buy, createProduct, storeEnv } from "../helpers/store";

const PURCHASES = 100;
const PRICE = 10;

const names = newClusterNames();
let nodes: ServerNodeHandle[];
let stores: Stores;
let admin: TestAccount;
let learner: TestAccount;

beforeAll(async () => {
  nodes = await startCluster(2, storeEnv(), names);
  stores = await openStores(names);
  admin = await loginDemo(nodes[0]!.url, "admin");
  learner = await registerUser(nodes[0]!.url);
  // Through the ledger's own admin route: 48 right answers (480), a passed quiz (10) and its badge (10).
  const url = nodes[0]!.url;
  const userId = learner.user.id;
  await grant(url, admin.accessToken, {
    userId,
    reason: "quiz_correct_answers",
    key: "seed:answers",
    detail: { correct: 48, total: 50 },
  });
  const last = await grant(url, admin.accessToken, { userId, reason: "quiz_passed", key: "seed:quiz" });
  expect(last.body.points).toBe(500);
}, 120_000);

afterAll(async () => {
  await stores?.close();
  await stopAll(nodes ?? []);
});

async function pointsOf(account: TestAccount): Promise<number> {
  const progress = await api<{ points: number }>(nodes[1]!.url, "GET", "/api/me/progress", {
    token: account.accessToken,
  });
  return progress.body.points;
}

const productDoc = async (id: string) =>
  (await api(nodes[0]!.url, "GET", `/api/store/products/${id}`, { token: admin.accessToken })).body;

it("100 concurrent 10-point purchases from 500 points over two nodes: exactly 50 succeed, and points, ledger and stock agree", async () => {
  const product = await createProduct(nodes[0]!.url, admin.accessToken, { pricePoints: PRICE, stock: PURCHASES });
  const answers = await Promise.all(
    Array.from({ length: PURCHASES }, (_, i) =>
      buy(nodes[i % 2]!.url, learner.accessToken, { kind: "product", productId: product.id, quantity: 1 }, "points"),
    ),
  );
  const bought = answers.filter((a) => a.status === 201).map((a) => (a.body as CheckoutView).order);
  const refused = answers.filter((a) => a.status !== 201);
  expect(bought).toHaveLength(50);
  expect(bought.every((o) => o.status === "fulfilled")).toBe(true);
  expect(refused).toHaveLength(50);
  for (const r of refused) expect(r.body).toMatchObject({ error: { code: "insufficient_points" } });

  // The wallet: never below zero, the ledger sums to the balance, one spend per fulfilled order.
  const wallet = (await ledgerEntries(stores, "points")).filter((e) => String(e.userId) === learner.user.id);
  expect(Math.min(...wallet.map((e) => e.balanceAfter))).toBeGreaterThanOrEqual(0);
  const sum = wallet.reduce((s, e) => s + e.amount, 0);
  expect(sum).toBe(0);
  expect(await pointsOf(learner)).toBe(sum);
  const spends = wallet.filter((e) => e.amount < 0).map((e) => e.key);
  expect(spends.sort()).toEqual(bought.map((o) => `order:${o.id}`).sort());

  // Stock: its chain never went below zero; every order took one unit and every failed one gave it back
  // (a purchase refused before its order was written took none).
  expect((await productDoc(product.id)).stock).toBe(PURCHASES - 50);
  const moves = (await stores.db.collection("stockEntries").find({}).toArray())
    .filter((m) => String(m.productId) === product.id)
    .sort((x, y) => x.seq - y.seq);
  expect(moves.map((m) => m.seq)).toEqual(moves.map((_, i) => i + 1));
  expect(Math.min(...moves.map((m) => m.stockAfter))).toBeGreaterThanOrEqual(0);
  const takes = moves.filter((m) => m.key.includes(":take:")).map((m) => m.key);
  const returns = new Set(moves.filter((m) => m.key.includes(":return:")).map((m) => m.key));
  expect(takes.length).toBeLessThanOrEqual(PURCHASES);
  expect(returns.size).toBe(takes.length - bought.length);
  const kept = takes.filter((key) => !returns.has(key.replace(":take:", ":return:")));
  expect(kept.map((key) => key.split(":")[0]).sort()).toEqual(bought.map((o) => o.id).sort());
  const entitlements = await stores.db.collection("entitlements").countDocuments({});
  expect(entitlements).toBe(50);
});

it("with more points than stock, exactly the stock sells and nothing more is spent", async () => {
  const url = nodes[0]!.url;
  await grant(url, admin.accessToken, {
    userId: learner.user.id,
    reason: "quiz_correct_answers",
    key: "seed:answers:2",
    detail: { correct: 30, total: 30 },
  });
  const before = await pointsOf(learner);
  const product = await createProduct(url, admin.accessToken, { pricePoints: PRICE, stock: 5 });
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      buy(nodes[i % 2]!.url, learner.accessToken, { kind: "product", productId: product.id, quantity: 1 }, "points"),
    ),
  );
  expect(answers.filter((a) => a.status === 201)).toHaveLength(5);
  for (const a of answers.filter((a) => a.status !== 201))
    expect(a.body).toMatchObject({ error: { code: "out_of_stock" } });
  expect((await productDoc(product.id)).stock).toBe(0);
  expect(await pointsOf(learner)).toBe(before - 5 * PRICE);
});

it("a retried purchase (same requestId) is one order, charged once", async () => {
  const url = nodes[0]!.url;
  const product = await createProduct(url, admin.accessToken, { pricePoints: PRICE, stock: 3 });
  const before = await pointsOf(learner);
  const item = { kind: "product" as const, productId: product.id, quantity: 1 };
  const answers = await Promise.all(
    nodes.map((n) => buy(n.url, learner.accessToken, item, "points", "retry-request-0001")),
  );
  const ids = new Set(answers.map((a) => (a.body as CheckoutView).order.id));
  expect(ids.size).toBe(1);
  expect(await pointsOf(learner)).toBe(before - PRICE);
  const mine = await api<{ orders: OrderView[] }>(url, "GET", "/api/orders", { token: learner.accessToken });
  expect(mine.body.orders.filter((o) => o.item.refId === product.id)).toHaveLength(1);
});
