import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { User } from "../../server/src/features/accounts/user.model";
import { currentBalance } from "../../server/src/features/ledger/balance.projection";
import { readOrder, startChain, transition } from "../../server/src/features/orders/orders.chain";
import { Order } from "../../server/src/features/orders/orders.model";
import { recoverOrders } from "../../server/src/features/orders/orders.recovery";
import { OrdersService } from "../../server/src/features/orders/orders.service";
import { spendKey, takeStock } from "../../server/src/features/orders/orders.settle";
import { insertProduct } from "../../server/src/features/store/products.service";
import { stockOf } from "../../server/src/features/store/stock.chain";
import { createLogger } from "../../server/src/platform/logger";
import { connectMongo, disconnectMongo } from "../../server/src/platform/mongo";
import { createRedis } from "../../server/src/platform/redis";
import { uniqueName } from "../helpers/ids";
import { localAwards } from "../helpers/ledger";

// The service path, in this process, against the run's real FerretDB and Redis: a node "dies" by
// leaving an order half done, and the recovery sweep of another finishes or undoes it.
const redis = createRedis(inject("services").redisUrl);
const prefix = `${uniqueName("k")}:`;
const awards = localAwards(redis, prefix);
const orders = new OrdersService({
  awards,
  card: null,
  subscribe: () => {},
  currency: "usd",
  logger: createLogger({ level: "silent", serverId: "test" }),
});
const later = () => new Date(Date.now() + 5 * 60_000);
let userId: string;
let productId: string;

beforeAll(async () => {
  await connectMongo(inject("services").mongoUrl, uniqueName("db"));
  const user = await User.create({
    email: "crash@example.test",
    passwordHash: "-",
    displayName: "Crash",
    role: "learner",
  });
  userId = user.id;
  await awards.award({ userId, reason: "quiz_correct_answers", key: "seed", detail: { correct: 10, total: 10 } });
  const product = await insertProduct({
    name: "Sticker",
    description: "",
    kind: "digital",
    pricePoints: 30,
    priceCents: null,
    stock: 5,
    imageIds: [],
    active: true,
  });
  productId = product.id;
});

afterAll(async () => {
  await disconnectMongo();
  redis.disconnect();
});

/** An order as a node leaves it when it dies right after `steps`. */
async function halfDone(requestId: string) {
  const order = await Order.create({
    userId,
    requestId,
    item: { kind: "product", refId: productId, name: "Sticker", quantity: 1 },
    payment: { method: "points", points: 30, cents: 0, currency: "usd" },
  });
  await startChain(order);
  return readOrder(order.id);
}

it("a points order whose node died after spending is finished by the sweep, charged once", async () => {
  const state = await halfDone("crash-after-spend");
  await takeStock(state, 1);
  await awards.spendPoints({ userId, key: spendKey(state), amount: 30, reason: "store_purchase" });
  expect(await stockOf(productId)).toBe(4);

  await recoverOrders(orders, (error) => expect.unreachable(String(error)), later());
  const done = await readOrder(state.order.id);
  expect(done.steps.map((s) => s.status)).toEqual(["pending", "paid", "fulfilled"]);
  expect((await currentBalance(awards.cache, userId)).points.total).toBe(70);
  expect(await stockOf(productId)).toBe(4);
});

it("units and points taken by a request that lost its race to a failure are given back", async () => {
  const state = await halfDone("stale-taker");
  // Another request failed the order first; this one, reading it as pending, still took and spent.
  await transition(state, "failed", { failureCode: "insufficient_points", note: "lost the race" }, "pending");
  await takeStock(state, 1);
  await awards.spendPoints({ userId, key: spendKey(state), amount: 30, reason: "store_purchase" });
  expect(await stockOf(productId)).toBe(3);
  expect((await currentBalance(awards.cache, userId)).points.total).toBe(40);

  await recoverOrders(orders, (error) => expect.unreachable(String(error)), later());
  expect(await stockOf(productId)).toBe(4);
  expect((await currentBalance(awards.cache, userId)).points.total).toBe(70);
  // Sweeping again changes nothing: every compensation is keyed.
  await recoverOrders(orders, (error) => expect.unreachable(String(error)), later());
  expect(await stockOf(productId)).toBe(4);
  expect((await currentBalance(awards.cache, userId)).points.total).toBe(70);
});
