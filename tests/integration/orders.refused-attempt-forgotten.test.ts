import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { User } from "../../server/src/features/accounts/user.model";
import { currentBalance } from "../../server/src/features/ledger/balance.projection";
import { startChain } from "../../server/src/features/orders/orders.chain";
import { Order } from "../../server/src/features/orders/orders.model";
import { recoverOrders } from "../../server/src/features/orders/orders.recovery";
import { OrdersService } from "../../server/src/features/orders/orders.service";
import { insertProduct } from "../../server/src/features/store/products.service";
import { stockOf } from "../../server/src/features/store/stock.chain";
import { createLogger } from "../../server/src/platform/logger";
import { connectMongo, disconnectMongo } from "../../server/src/platform/mongo";
import { createRedis } from "../../server/src/platform/redis";
import { uniqueName } from "../helpers/ids";
import { localAwards } from "../helpers/ledger";

// A purchase that passed the early checks and then lost its points to another spend: the service
// path in this process, against the run's real FerretDB and Redis.
const redis = createRedis(inject("services").redisUrl);
const awards = localAwards(redis, `${uniqueName("k")}:`);
const orders = new OrdersService({
  awards,
  card: null,
  subscribe: () => {},
  currency: "usd",
  logger: createLogger({ level: "silent", serverId: "test" }),
});
let userId: string;
let productId: string;

beforeAll(async () => {
  await connectMongo(inject("services").mongoUrl, uniqueName("db"));
  const user = await User.create({
    email: "late@example.test",
    passwordHash: "-",
    displayName: "Late",
    role: "learner",
  });
  userId = user.id;
  await awards.award({ userId, reason: "quiz_correct_answers", key: "seed", detail: { correct: 5, total: 5 } });
  const product = await insertProduct({
    name: "Badge",
    description: "",
    kind: "digital",
    pricePoints: 30,
    priceCents: null,
    stock: 3,
    imageIds: [],
    active: true,
  });
  productId = product.id;
});

afterAll(async () => {
  await disconnectMongo();
  redis.disconnect();
});

it("an attempt that lost its points after the early check is refused, hidden, then removed by the sweep", async () => {
  // Written as a request that passed the checks writes it; then another spend takes the points.
  const order = await Order.create({
    userId,
    requestId: "lost-the-points",
    item: { kind: "product", refId: productId, name: "Badge", quantity: 1 },
    payment: { method: "points", points: 30, cents: 0, currency: "usd" },
  });
  await startChain(order);
  await awards.spendPoints({ userId, key: "elsewhere", amount: 40, reason: "store_purchase" });

  const state = await orders.reconcile(order.id);
  expect(state.head).toMatchObject({ status: "failed", failureCode: "insufficient_points" });
  expect((await Order.findById(order.id))?.refusedAt).toBeInstanceOf(Date);
  expect(await stockOf(productId)).toBe(3);
  expect((await currentBalance(awards.cache, userId)).points.total).toBe(10);

  // Within the settle window it stays (hidden), so a late request's moves are still undone.
  await recoverOrders(orders, (error) => expect.unreachable(String(error)), new Date(Date.now() + 5 * 60_000));
  expect(await Order.exists({ _id: order._id })).toBeTruthy();
  await recoverOrders(orders, (error) => expect.unreachable(String(error)), new Date(Date.now() + 2 * 3600_000));
  expect(await Order.exists({ _id: order._id })).toBeNull();
  const steps = await Order.db.collection("orderSteps").countDocuments({ orderId: order._id });
  expect(steps).toBe(0);
  expect(await stockOf(productId)).toBe(3);
  expect((await currentBalance(awards.cache, userId)).points.total).toBe(10);
});
