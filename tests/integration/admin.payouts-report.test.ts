import type { PayoutsReport } from "@chalkline/shared";
import mongoose from "mongoose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { buildCourse, expectStatus, READING, registerInstructor } from "../helpers/courses";
import { openStores, type Stores } from "../helpers/ledger";
import type { ServerNodeHandle } from "../helpers/server";
import { buy, cardEvents, deliver, storeEnv } from "../helpers/store";

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

async function paidCardOrder(learner: TestAccount, courseId: string) {
  const placed = expectStatus(await buy(url(), learner.accessToken, { kind: "course", courseId }, "card"), 201, "card");
  const doc = await stores.db.collection("orders").findOne({ _id: new mongoose.Types.ObjectId(placed.order.id) });
  expect((await deliver(url(), cardEvents(placed.order.id, String(doc?.card?.sessionId)).paid())).status).toBe(200);
  return placed.order.id;
}

it("each instructor's month holds 80% of their card sales less the refunded ones, in JSON and in CSV", async () => {
  const instructor = await registerInstructor(url());
  const a = await buildCourse(url(), instructor, [READING], { priceCents: 2000 });
  const b = await buildCourse(url(), instructor, [READING], { priceCents: 3000 });
  const [first, second] = [await registerUser(url()), await registerUser(url())];
  await paidCardOrder(first, a.course.id);
  await paidCardOrder(first, b.course.id);
  const refunded = await paidCardOrder(second, a.course.id);
  const refund = await api(url(), "POST", `/api/orders/${refunded}/refund`, {
    token: admin.accessToken,
    body: { reason: "changed their mind" },
  });
  expectStatus(refund, 200, "refund");

  const month = new Date().toISOString().slice(0, 7);
  const query = `?from=${month}&to=${month}`;
  const report = expectStatus(
    await api<PayoutsReport>(url(), "GET", `/api/admin/payouts${query}`, { token: admin.accessToken }),
    200,
    "payouts",
  );
  const line = report.lines.find((l) => l.instructorId === instructor.user.id);
  expect(line).toEqual({
    month,
    instructorId: instructor.user.id,
    instructorName: instructor.user.displayName,
    sales: 3,
    refunds: 1,
    grossCents: 1600 + 2400 + 1600,
    refundedCents: 1600,
    payoutCents: 4000,
  });

  const csv = await fetch(`${url()}/api/admin/payouts/export.csv${query}`, {
    headers: { authorization: `Bearer ${admin.accessToken}` },
  });
  expect(csv.status).toBe(200);
  expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
  const rows = (await csv.text()).trim().split("\r\n");
  expect(rows[0]).toBe("month,instructor_id,instructor,sales,refunds,gross,refunded,payout");
  expect(rows).toContain(`${month},${instructor.user.id},${instructor.user.displayName},3,1,56.00,16.00,40.00`);

  const learnerAsks = await api(url(), "GET", `/api/admin/payouts${query}`, { token: first.accessToken });
  expect(learnerAsks.status).toBe(403);
  const tooLong = await api(url(), "GET", "/api/admin/payouts?from=2020-01&to=2026-12", { token: admin.accessToken });
  expect(tooLong.status).toBe(400);
});
