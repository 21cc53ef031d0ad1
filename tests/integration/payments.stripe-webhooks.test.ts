import type { CheckoutView, EarningsView, OrderView, ProductView } from "@chalkline/shared";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { buildCourse, expectStatus, READING } from "../helpers/courses";
import { grant, openStores, type Stores } from "../helpers/ledger";
import type { ServerNodeHandle } from "../helpers/server";
import { buy, cardEvents, createProduct, deliver, storeEnv } from "../helpers/store";

const STOCK = 10;
const names = newClusterNames();
let nodes: ServerNodeHandle[];
let stores: Stores;
let admin: TestAccount;
let learner: TestAccount;
let product: ProductView;

beforeAll(async () => {
  nodes = await startCluster(2, storeEnv(), names);
  stores = await openStores(names);
  admin = await loginDemo(nodes[0]!.url, "admin");
  learner = await registerUser(nodes[0]!.url);
  product = await createProduct(nodes[0]!.url, admin.accessToken, { priceCents: 1500, pricePoints: 100, stock: STOCK });
}, 120_000);

afterAll(async () => {
  await stores?.close();
  await stopAll(nodes ?? []);
});

const url = (i = 0) => nodes[i % nodes.length]!.url;
const stockNow = async () =>
  (await api<ProductView>(url(), "GET", `/api/store/products/${product.id}`, { token: admin.accessToken })).body.stock;
const orderNow = async (id: string) =>
  expectStatus(await api<OrderView>(url(), "GET", `/api/orders/${id}`, { token: learner.accessToken }), 200, "order");
const count = (collection: string, filter: object) => stores.db.collection(collection).countDocuments(filter);
const oid = (id: string) => new mongoose.Types.ObjectId(id);
const statuses = (order: OrderView) => order.history.map((h) => h.status);

/** A learner's card order for the product (or a course): pending, with its Checkout session. */
async function cardOrder(item: Parameters<typeof buy>[2] = { kind: "product", productId: product.id, quantity: 1 }) {
  const placed = expectStatus(await buy(url(), learner.accessToken, item, "card"), 201, "card order");
  expect(placed.order.status).toBe("pending");
  expect(placed.checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.com\//);
  const doc = await stores.db.collection("orders").findOne({ _id: oid(placed.order.id) });
  return { order: placed.order, events: cardEvents(placed.order.id, String(doc?.card?.sessionId)) };
}

it("the same paid event delivered 10 times in a row fulfils the order once", async () => {
  const before = await stockNow();
  const { order, events } = await cardOrder();
  const paid = events.paid();
  const outcomes: string[] = [];
  for (let i = 0; i < 10; i++) {
    const answer = await deliver(url(i), paid);
    expect(answer.status).toBe(200);
    outcomes.push((answer.body as { outcome: string }).outcome);
  }
  expect(outcomes).toEqual(["handled", ...Array(9).fill("duplicate")]);
  const done = await orderNow(order.id);
  expect(statuses(done)).toEqual(["pending", "paid", "fulfilled"]);
  expect(await count("entitlements", { _id: oid(order.id) })).toBe(1);
  expect(await stockNow()).toBe(before - 1);
  expect(await count("stripeEvents", { _id: paid.id, processedAt: { $ne: null } })).toBe(1);
});

it("10 concurrent deliveries plus the success redirect enrol once and pay the instructor 80% once", async () => {
  const instructor = await loginDemo(url(), "instructor");
  const { course } = await buildCourse(url(), instructor, [READING], { priceCents: 2000 });
  const { order, events } = await cardOrder({ kind: "course", courseId: course.id });
  const paid = events.paid();
  const answers = await Promise.all([
    ...Array.from({ length: 10 }, (_, i) => deliver(url(i), paid)),
    api(url(1), "POST", `/api/orders/${order.id}/sync`, { token: learner.accessToken }),
  ]);
  expect(answers.map((a) => a.status)).toEqual(Array(11).fill(200));
  const done = await orderNow(order.id);
  expect(statuses(done)).toEqual(["pending", "paid", "fulfilled"]);
  expect(await count("enrollments", { courseId: oid(course.id), userId: oid(learner.user.id) })).toBe(1);
  expect(await count("entitlements", { _id: oid(order.id) })).toBe(1);
  const details = await api(url(), "GET", `/api/courses/${course.id}`, { token: learner.accessToken });
  expect(details.body.course.enrolled).toBe(true);
  const earnings = await api<EarningsView>(url(), "GET", "/api/store/earnings", { token: instructor.accessToken });
  expect(earnings.body.sales.filter((s) => s.orderId === order.id)).toEqual([
    expect.objectContaining({ cents: 1600, points: 0, reversed: false }),
  ]);
});

describe("paid, expired and refunded, in any order, end in one consistent state", () => {
  const permutations = (events: string[]): string[][] =>
    events.length <= 1
      ? [events]
      : events.flatMap((e, i) =>
          permutations([...events.slice(0, i), ...events.slice(i + 1)]).map((rest) => [e, ...rest]),
        );

  it.each(permutations(["paid", "expired", "refunded"]))(
    "%s, %s, %s: refunded, stock and grants back",
    async (...order) => {
      const before = await stockNow();
      const placed = await cardOrder();
      for (const name of order) {
        expect((await deliver(url(), placed.events[name as "paid"]())).status).toBe(200);
      }
      const done = await orderNow(placed.order.id);
      expect(done.status).toBe("refunded");
      expect(await stockNow()).toBe(before);
      expect(await count("entitlements", { _id: oid(placed.order.id), revokedAt: null })).toBe(0);
    },
  );

  it.each([
    ["paid", "expired"],
    ["expired", "paid"],
  ])("%s, %s: the payment is honoured, once", async (...order) => {
    const before = await stockNow();
    const placed = await cardOrder();
    for (const name of order) await deliver(url(), placed.events[name as "paid"]());
    const done = await orderNow(placed.order.id);
    expect(done.status).toBe("fulfilled");
    expect(statuses(done).filter((s) => s === "fulfilled")).toHaveLength(1);
    expect(await stockNow()).toBe(before - 1);
  });
});

it("a bad or missing signature is refused and changes nothing", async () => {
  const { order, events } = await cardOrder();
  const storedEvents = await count("stripeEvents", {});
  // 50 deliveries of the paid event, each wrong in one way: a bad secret, a body edited after
  // signing, or a signature older than the tolerance (five minutes). All refused.
  const stale = Math.floor(Date.now() / 1000) - 6 * 60;
  const wrongs = Array.from({ length: 50 }, (_, i) => {
    const event = events.paid();
    if (i % 3 === 0) return deliver(url(i), event, "whsec_not_the_real_secret");
    if (i % 3 === 1) return deliver(url(i), event, undefined, { body: (p) => p.replace("{", '{"livemode":true,') });
    return deliver(url(i), event, undefined, { timestamp: stale });
  });
  for (const refused of await Promise.all(wrongs)) {
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { code: "invalid_payload" } });
  }
  expect(await count("stripeEvents", {})).toBe(storedEvents);
  const unsigned = await api(url(), "POST", "/api/payments/stripe/webhook", { rawBody: JSON.stringify(events.paid()) });
  expect(unsigned.status).toBe(400);
  expect((await orderNow(order.id)).status).toBe("pending");
  // The success redirect asks Stripe itself: stripe-mock's session is unpaid, so nothing moves.
  const synced = await api<OrderView>(url(), "POST", `/api/orders/${order.id}/sync`, { token: learner.accessToken });
  expect(synced.body.status).toBe("pending");
  // The cancel page closes the session and gives the unit back.
  const before = await stockNow();
  const cancelled = await api<OrderView>(url(), "POST", `/api/orders/${order.id}/cancel`, {
    token: learner.accessToken,
  });
  expect(cancelled.body.status).toBe("expired");
  expect(await stockNow()).toBe(before + 1);
});

it("admins refund: a card order through Stripe, a points order back to the wallet, stock both times", async () => {
  const { order, events } = await cardOrder();
  await deliver(url(), events.paid());
  const before = await stockNow();
  const refunded = await api<OrderView>(url(1), "POST", `/api/orders/${order.id}/refund`, {
    token: admin.accessToken,
    body: { reason: "wrong size" },
  });
  expect(refunded.status).toBe(200);
  expect(refunded.body).toMatchObject({ status: "refunded", note: "wrong size" });
  expect(await stockNow()).toBe(before + 1);
  // Stripe then tells us about the refund: nothing more happens.
  expect((await deliver(url(), events.refunded())).body).toMatchObject({ outcome: "handled" });
  expect(statuses(await orderNow(order.id)).filter((s) => s === "refunded")).toHaveLength(1);

  await grant(url(), admin.accessToken, {
    userId: learner.user.id,
    reason: "quiz_correct_answers",
    key: "refund:seed",
    detail: { correct: 10, total: 10 },
  });
  const points = async () =>
    (await api<{ points: number }>(url(), "GET", "/api/me/progress", { token: learner.accessToken })).body.points;
  const wallet = await points();
  const bought = expectStatus(
    await buy(url(), learner.accessToken, { kind: "product", productId: product.id, quantity: 1 }, "points"),
    201,
    "points order",
  ) as CheckoutView;
  expect(await points()).toBe(wallet - 100);
  const back = await api<OrderView>(url(), "POST", `/api/orders/${bought.order.id}/refund`, {
    token: admin.accessToken,
    body: { reason: "changed my mind" },
  });
  expect(back.body.status).toBe("refunded");
  expect(await points()).toBe(wallet);
  const refusedForLearner = await api(url(), "POST", `/api/orders/${bought.order.id}/refund`, {
    token: learner.accessToken,
    body: { reason: "again please" },
  });
  expect(refusedForLearner.status).toBe(403);
});

it("a course paid twice through two checkouts opened at once is fulfilled once, and the other payment goes back", async () => {
  const instructor = await loginDemo(url(), "instructor");
  const { course } = await buildCourse(url(), instructor, [READING], { priceCents: 1200 });
  const first = await cardOrder({ kind: "course", courseId: course.id });
  const second = await cardOrder({ kind: "course", courseId: course.id });
  await Promise.all([deliver(url(0), first.events.paid()), deliver(url(1), second.events.paid())]);

  const done = await Promise.all([orderNow(first.order.id), orderNow(second.order.id)]);
  expect(done.map((o) => o.status).sort()).toEqual(["fulfilled", "refunded"]);
  const refunded = done.find((o) => o.status === "refunded")!;
  expect(statuses(refunded)).toEqual(["pending", "paid", "refunding", "refunded"]);
  expect(refunded.note).toContain("bought already");
  // The refund leaves the course with its buyer, paid for once.
  expect(await count("enrollments", { courseId: oid(course.id), userId: oid(learner.user.id) })).toBe(1);
  const earnings = await api<EarningsView>(url(), "GET", "/api/store/earnings", { token: instructor.accessToken });
  const orderIds = done.map((o) => o.id);
  expect(earnings.body.sales.filter((s) => orderIds.includes(s.orderId) && !s.reversed)).toHaveLength(1);

  // Refunding the order that holds the course takes it back; then it can be bought again.
  const kept = done.find((o) => o.status === "fulfilled")!;
  const back = await api<OrderView>(url(), "POST", `/api/orders/${kept.id}/refund`, {
    token: admin.accessToken,
    body: { reason: "changed my mind" },
  });
  expect(back.body.status).toBe("refunded");
  expect(await count("enrollments", { courseId: oid(course.id), userId: oid(learner.user.id) })).toBe(0);
  const again = await cardOrder({ kind: "course", courseId: course.id });
  await deliver(url(), again.events.paid());
  expect((await orderNow(again.order.id)).status).toBe("fulfilled");
  // Driving the old orders again (a sync, the sweep) takes nothing from the new purchase.
  for (const old of done) await api(url(1), "POST", `/api/orders/${old.id}/sync`, { token: learner.accessToken });
  expect(await count("enrollments", { courseId: oid(course.id), userId: oid(learner.user.id) })).toBe(1);
});
