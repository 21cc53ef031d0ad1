import type { CheckoutView } from "@chalkline/shared";
import mongoose from "mongoose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { buildCourse, expectStatus, READING } from "../helpers/courses";
import { openStores, type Stores } from "../helpers/ledger";
import type { ServerNodeHandle } from "../helpers/server";
import { cardEvents, deliver, storeEnv } from "../helpers/store";

const names = newClusterNames();
let nodes: ServerNodeHandle[];
let stores: Stores;
let admin: TestAccount;

beforeAll(async () => {
  nodes = await startCluster(1, storeEnv(), names);
  stores = await openStores(names);
  admin = await loginDemo(nodes[0]!.url, "admin");
}, 120_000);

afterAll(async () => {
  await stores?.close();
  await stopAll(nodes ?? []);
});

const url = () => nodes[0]!.url;
const suffix = Date.now().toString(36).slice(-5).toUpperCase();
const coupon = (code: string, body: object) =>
  api(url(), "POST", "/api/admin/coupons", { token: admin.accessToken, body: { code, ...body } });
const order = (learner: TestAccount, courseId: string, code: string, payWith: "card" | "points" = "card") =>
  api<CheckoutView>(url(), "POST", "/api/orders", {
    token: learner.accessToken,
    body: {
      item: { kind: "course", courseId },
      payWith,
      requestId: `coupon-${code}-${payWith}-${suffix}`,
      coupon: code,
    },
  });

it("a course coupon takes its discount off the card checkout and the instructor's share; others are refused", async () => {
  const instructor = await loginDemo(url(), "instructor");
  const { course } = await buildCourse(url(), instructor, [READING], { priceCents: 4000 });
  expectStatus(await coupon(`QUARTER-${suffix}`, { percentOff: 25, appliesTo: "courses" }), 201, "percent coupon");
  expectStatus(await coupon(`TENOFF-${suffix}`, { amountOffCents: 1000, appliesTo: "all" }), 201, "amount coupon");
  expectStatus(await coupon(`PLANS-${suffix}`, { percentOff: 50, appliesTo: "plans" }), 201, "plans coupon");
  const [first, second] = [await registerUser(url()), await registerUser(url())];

  const placed = expectStatus(await order(first, course.id, `quarter-${suffix}`), 201, "card order with a coupon");
  const doc = await stores.db.collection("orders").findOne({ _id: new mongoose.Types.ObjectId(placed.order.id) });
  expect(doc?.payment.cents).toBe(3000);
  expect((await deliver(url(), cardEvents(placed.order.id, String(doc?.card?.sessionId)).paid())).status).toBe(200);
  const earning = await stores.db.collection("earnings").findOne({ _id: new mongoose.Types.ObjectId(placed.order.id) });
  expect(earning?.cents).toBe(2400);

  const amountOff = expectStatus(await order(second, course.id, `TENOFF-${suffix}`), 201, "amount off");
  const amountOffDoc = await stores.db
    .collection("orders")
    .findOne({ _id: new mongoose.Types.ObjectId(amountOff.order.id) });
  expect(amountOffDoc?.payment.cents).toBe(3000);

  expect((await order(second, course.id, `PLANS-${suffix}`)).status).toBe(404);
  expect((await order(second, course.id, "NO-SUCH-COUPON")).status).toBe(404);
  expect((await order(second, course.id, `QUARTER-${suffix}`, "points")).status).toBe(400);
  const off = await api(url(), "PATCH", `/api/admin/coupons/QUARTER-${suffix}`, {
    token: admin.accessToken,
    body: { disabled: true },
  });
  expectStatus(off, 200, "switch the coupon off");
  expect((await order(second, course.id, `QUARTER-${suffix}`)).status).toBe(404);
});
