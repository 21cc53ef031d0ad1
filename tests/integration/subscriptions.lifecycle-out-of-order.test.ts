import type { Dashboard, PlusStatus } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { type BuiltCourse, buildCourse, expectStatus, READING } from "../helpers/courses";
import { openStores, type Stores } from "../helpers/ledger";
import type { ServerNodeHandle } from "../helpers/server";
import { deliver, storeEnv } from "../helpers/store";

const names = newClusterNames();
let nodes: ServerNodeHandle[];
let stores: Stores;
let admin: TestAccount;
let learner: TestAccount;
let paid: BuiltCourse;

beforeAll(async () => {
  nodes = await startCluster(2, storeEnv(), names);
  stores = await openStores(names);
  admin = await loginDemo(nodes[0]!.url, "admin");
  learner = await registerUser(nodes[0]!.url);
  paid = await buildCourse(nodes[0]!.url, await loginDemo(nodes[0]!.url, "instructor"), [READING], {
    priceCents: 4000,
  });
}, 120_000);

afterAll(async () => {
  await stores?.close();
  await stopAll(nodes ?? []);
});

const url = (i = 0) => nodes[i % nodes.length]!.url;
const DAY_S = 86_400;
const t0 = Math.floor(Date.now() / 1000);
const subId = `sub_test_${t0.toString(36)}`;
let eventCounter = 0;

/** An event as Stripe sends it, `created` seconds after the subscription began. */
const event = (type: string, after: number, object: object) => ({
  id: `evt_plus_${t0.toString(36)}_${++eventCounter}`,
  object: "event",
  type,
  api_version: "2026-08-26.dahlia",
  created: t0 + after,
  data: { object },
});
const metadata = () => ({ userId: learner.user.id, plan: "monthly" });
const subscription = (type: string, after: number, status: string, periodEnd = t0 + 30 * DAY_S) =>
  event(type, after, {
    id: subId,
    object: "subscription",
    status,
    cancel_at_period_end: false,
    metadata: metadata(),
    items: { data: [{ current_period_end: periodEnd }] },
  });
const invoicePaid = (after: number, periodEnd = t0 + 30 * DAY_S) =>
  event("invoice.paid", after, {
    id: `in_${subId}_${periodEnd}`,
    object: "invoice",
    amount_paid: 900,
    parent: { subscription_details: { subscription: subId, metadata: metadata() } },
    lines: { data: [{ period: { end: periodEnd } }] },
  });

const plus = async () =>
  expectStatus(
    await api<PlusStatus>(url(1), "GET", "/api/subscriptions/me", { token: learner.accessToken }),
    200,
    "me",
  );
const enrol = () => api(url(), "POST", `/api/courses/${paid.course.id}/enroll`, { token: learner.accessToken });
const readLesson = () =>
  api(url(1), "GET", `/api/courses/${paid.course.id}/lessons/${paid.lessons[0]!.id}`, { token: learner.accessToken });
const count = (collection: string, filter: object) => stores.db.collection(collection).countDocuments(filter);
const mrr = async () => {
  const board = await api<Dashboard>(url(), "GET", "/api/admin/analytics", { token: admin.accessToken });
  return expectStatus(board, 200, "dashboard").days.at(-1)!.mrrCents;
};

/** Delivers each event twice, to both nodes: the second delivery of an id is a duplicate. */
async function deliverTwice(...events: object[]) {
  const outcomes: string[] = [];
  for (const e of events) {
    for (let i = 0; i < 2; i++) {
      const answer = await deliver(url(i), e);
      expect(answer.status).toBe(200);
      outcomes.push(String(answer.body.outcome));
    }
  }
  return outcomes;
}

async function waitFor(read: () => Promise<number>, value: number, what: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const now = await read();
    if (now === value) return;
    if (Date.now() > deadline) throw new Error(`${what}: ${now}, expected ${value}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

it("Checkout in subscription mode and the customer portal answer Stripe links; a coupon for plans applies", async () => {
  const body = { plan: "monthly" };
  const checkout = await api<{ url: string }>(url(), "POST", "/api/subscriptions/checkout", {
    token: learner.accessToken,
    body,
  });
  expect(expectStatus(checkout, 201, "checkout").url).toMatch(/^https:\/\//);
  const coupon = await api(url(), "POST", "/api/admin/coupons", {
    token: admin.accessToken,
    body: { code: `PLUS${t0 % 1000}`, percentOff: 20, appliesTo: "plans" },
  });
  expectStatus(coupon, 201, "coupon");
  const discounted = await api(url(1), "POST", "/api/subscriptions/checkout", {
    token: learner.accessToken,
    body: { plan: "yearly", coupon: `plus${t0 % 1000}` },
  });
  expectStatus(discounted, 201, "checkout with a coupon");
  const unknown = await api(url(1), "POST", "/api/subscriptions/checkout", {
    token: learner.accessToken,
    body: { plan: "yearly", coupon: "NO-SUCH-CODE" },
  });
  expect(unknown.status).toBe(404);
  const portal = await api<{ url: string }>(url(), "POST", "/api/subscriptions/portal", { token: learner.accessToken });
  expect(expectStatus(portal, 201, "portal").url).toMatch(/^https:\/\//);
});

it("events out of order and twice grant Plus once, cancellation takes it back, and nothing after deletion restores it", async () => {
  expect((await enrol()).status).toBe(402);
  const mrrBefore = await mrr();

  // The newest word first, then older ones: the subscription ends up active, granted once.
  const outcomes = await deliverTwice(
    subscription("customer.subscription.updated", 20, "active"),
    invoicePaid(10),
    subscription("customer.subscription.created", 0, "incomplete"),
  );
  // The invoice and the creation are older than the update applied: ignored (the invoice's money still counts).
  expect(outcomes).toEqual(["handled", "duplicate", "ignored", "duplicate", "ignored", "duplicate"]);
  expect(await plus()).toMatchObject({ active: true, plan: "monthly", status: "active" });
  expect(await count("subscriptionMilestones", { _id: `${subId}:started` })).toBe(1);
  await waitFor(mrr, mrrBefore + 900, "MRR after the start");

  expect((await enrol()).status).toBe(200);
  expect((await readLesson()).status).toBe(200);
  expect(await count("enrollments", { viaPlus: true })).toBe(1);

  // Deleted: the enrolment goes, the lesson closes, and the course is paid again.
  expect(await deliverTwice(subscription("customer.subscription.deleted", 40, "canceled"))).toEqual([
    "handled",
    "duplicate",
  ]);
  expect(await plus()).toMatchObject({ active: false, status: "canceled" });
  expect((await readLesson()).status).toBe(403);
  expect((await enrol()).status).toBe(402);
  expect(await count("enrollments", { viaPlus: true })).toBe(0);
  await waitFor(mrr, mrrBefore, "MRR after the cancellation");

  // Late and replayed events for the deleted subscription, even newer ones, never grant it again.
  await deliverTwice(
    subscription("customer.subscription.updated", 20, "active"),
    invoicePaid(50, t0 + 60 * DAY_S),
    subscription("customer.subscription.updated", 60, "active", t0 + 60 * DAY_S),
  );
  expect(await plus()).toMatchObject({ active: false, status: "canceled" });
  expect((await enrol()).status).toBe(402);
  expect(await count("subscriptionMilestones", { _id: `${subId}:started` })).toBe(1);
  expect(await count("subscriptionMilestones", { _id: `${subId}:ended` })).toBe(1);
  await waitFor(mrr, mrrBefore, "MRR after late events");
});
