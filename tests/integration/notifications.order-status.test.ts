import type { NotificationPage } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, startCluster, stopAll } from "../helpers/cluster";
import { grant } from "../helpers/ledger";
import type { ServerNodeHandle } from "../helpers/server";
import { buy, createProduct, storeEnv } from "../helpers/store";

let nodes: ServerNodeHandle[];
let admin: TestAccount;
beforeAll(async () => {
  nodes = await startCluster(2, storeEnv());
  admin = await loginDemo(nodes[0]!.url, "admin");
});
afterAll(() => stopAll(nodes ?? []));

async function orderNotices(learner: TestAccount): Promise<string[]> {
  const page = await api<NotificationPage>(nodes[1]!.url, "GET", "/api/notifications", { token: learner.accessToken });
  return page.body.notifications.filter((n) => n.kind === "order_status").map((n) => n.text);
}

/** A learner with 10 points (a passed quiz) who buys a 10-point sticker, then has it refunded. */
async function buyAndRefund(learner: TestAccount): Promise<string> {
  await grant(nodes[0]!.url, admin.accessToken, { userId: learner.user.id, reason: "quiz_passed", key: "seed" });
  const product = await createProduct(nodes[0]!.url, admin.accessToken, { pricePoints: 10 });
  const bought = await buy(
    nodes[1]!.url,
    learner.accessToken,
    { kind: "product", productId: product.id, quantity: 1 },
    "points",
  );
  expect(bought.status).toBe(201);
  const refunded = await api(nodes[0]!.url, "POST", `/api/orders/${bought.body.order.id}/refund`, {
    token: admin.accessToken,
    body: { reason: "changed their mind" },
  });
  expect(refunded.status).toBe(200);
  return product.name;
}

it("a buyer is told once when an order completes and when it is refunded, unless they switched it off", async () => {
  const told = await registerUser(nodes[0]!.url);
  const name = await buyAndRefund(told);
  // The two notices come from two nodes, perhaps within one second, so their order is not asserted.
  expect((await orderNotices(told)).sort()).toEqual([
    `Your order of “${name}” is complete.`,
    `Your order of “${name}” was refunded.`,
  ]);

  const quiet = await registerUser(nodes[0]!.url);
  await api(nodes[0]!.url, "PATCH", "/api/me", {
    token: quiet.accessToken,
    body: { notificationsOff: ["order_status"] },
  });
  await buyAndRefund(quiet);
  expect(await orderNotices(quiet)).toEqual([]);
});
