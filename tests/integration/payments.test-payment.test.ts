import type { OrderView } from "@chalkline/shared";
import mongoose from "mongoose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { expectStatus } from "../helpers/courses";
import { openStores, type Stores } from "../helpers/ledger";
import type { ServerNodeHandle } from "../helpers/server";
import { buy, createProduct, storeEnv } from "../helpers/store";

const names = newClusterNames();
let mock: ServerNodeHandle;
let realStripe: ServerNodeHandle;
let noStripe: ServerNodeHandle;
let stores: Stores;
let admin: TestAccount;
let learner: TestAccount;

beforeAll(async () => {
  const env = storeEnv();
  mock = (await startCluster(1, env, names))[0]!;
  // The same keys without STRIPE_API_URL: Stripe's own test mode, where only a real payment pays.
  const { STRIPE_API_URL: _mock, ...testMode } = env;
  realStripe = (await startCluster(1, testMode, names))[0]!;
  const offline = Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith("STRIPE")));
  noStripe = (await startCluster(1, offline, names))[0]!;
  stores = await openStores(names);
  admin = await loginDemo(mock!.url, "admin");
  learner = await registerUser(mock!.url);
}, 120_000);

afterAll(async () => {
  await stores?.close();
  await stopAll([mock, realStripe, noStripe].filter(Boolean));
});

const pay = (url: string, orderId: string) =>
  api<OrderView>(url, "POST", `/api/orders/${orderId}/test-payment`, { token: learner.accessToken, body: {} });
const oid = (id: string) => new mongoose.Types.ObjectId(id);

it("a test payment completes a card order through the webhook, once however often it is pressed", async () => {
  const product = await createProduct(mock.url, admin.accessToken, { priceCents: 1200, stock: 4 });
  const item = { kind: "product" as const, productId: product.id, quantity: 1 };
  const placed = expectStatus(await buy(mock.url, learner.accessToken, item, "card"), 201, "card order");
  expect(placed.order.status).toBe("pending");

  const first = expectStatus(await pay(mock.url, placed.order.id), 200, "test payment");
  expect(first.status).toBe("fulfilled");
  expect(first.history.map((h) => h.status)).toEqual(["pending", "paid", "fulfilled"]);
  // Pressed again, and twice at once: still one payment.
  const again = await Promise.all([pay(mock.url, placed.order.id), pay(mock.url, placed.order.id)]);
  for (const answer of again) expect(expectStatus(answer, 200, "again").history).toEqual(first.history);

  const event = await stores.db
    .collection("stripeEvents")
    .findOne({ _id: `evt_test_payment_${placed.order.id}` as never });
  expect(event).toMatchObject({ type: "checkout.session.completed", processedAt: expect.any(Date) });
  expect(await stores.db.collection("entitlements").countDocuments({ _id: oid(placed.order.id) })).toBe(1);
  const stock = await api(mock.url, "GET", `/api/store/products/${product.id}`, { token: admin.accessToken });
  expect(stock.body.stock).toBe(3);
});

it("is refused where card payments do not go to stripe-mock", async () => {
  const product = await createProduct(mock.url, admin.accessToken, { priceCents: 700 });
  const item = { kind: "product" as const, productId: product.id, quantity: 1 };
  const placed = expectStatus(await buy(mock.url, learner.accessToken, item, "card"), 201, "card order");
  for (const node of [realStripe, noStripe]) {
    const refused = await pay(node.url, placed.order.id);
    expect(refused).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
  }
  const still = await api<OrderView>(mock.url, "GET", `/api/orders/${placed.order.id}`, { token: learner.accessToken });
  expect(still.body.status).toBe("pending");
});

it("a test payment pays only the buyer's own order", async () => {
  const other = await registerUser(mock.url);
  const product = await createProduct(mock.url, admin.accessToken, { priceCents: 700, pricePoints: null });
  const item = { kind: "product" as const, productId: product.id, quantity: 1 };
  const placed = expectStatus(await buy(mock.url, learner.accessToken, item, "card"), 201, "card order");
  const stranger = await api(mock.url, "POST", `/api/orders/${placed.order.id}/test-payment`, {
    token: other.accessToken,
    body: {},
  });
  expect(stranger.status).toBe(404);
});
