import { randomUUID } from "node:crypto";
import type { CheckoutView, CourseDetails, CourseView, GiftView, LinkCodeView, RoomView } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ApiDescription } from "../helpers/api-description";
import { registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, startCluster, stopAll } from "../helpers/cluster";
import { expectStatus, QUIZ, READING } from "../helpers/courses";
import type { ServerNodeHandle } from "../helpers/server";
import { storeEnv } from "../helpers/store";

let node: ServerNodeHandle;
let url: string;
let described: ApiDescription;

beforeAll(async () => {
  [node] = (await startCluster(1, storeEnv())) as [ServerNodeHandle];
  url = node.url;
  described = await ApiDescription.load(url);
}, 120_000);
afterAll(() => stopAll(node ? [node] : []));

/** A call whose answer is checked against the served description before the test looks at it. */
function call<T>(account: TestAccount | null, method: string, path: string, body?: unknown) {
  return described.api<T>(url, method, path, { token: account?.accessToken, body });
}

it("real answers of courses, ledger, store, gifts, rooms and admin calls fit the served OpenAPI document", {
  timeout: 120_000,
}, async () => {
  const admin = await loginDemo(url, "admin");
  const instructor = await loginDemo(url, "instructor");
  const [learner, guardian] = await Promise.all([registerUser(url, "learner"), registerUser(url, "guardian")]);

  // Health and the description itself.
  await call(null, "GET", "/healthz");
  await call(null, "GET", "/readyz");
  await call(null, "GET", "/api/asyncapi.json");

  // Admin and accounts.
  await call(admin, "GET", "/api/me");
  await call(admin, "GET", "/api/admin/users?limit=5");
  await call(learner, "PATCH", "/api/me", { displayName: "Described Learner" });

  // Courses and lessons.
  const course = expectStatus(
    await call<CourseView>(instructor, "POST", "/api/courses", { title: `Described ${randomUUID().slice(0, 6)}` }),
    201,
    "create course",
  );
  const outline = expectStatus(
    await call<CourseDetails>(instructor, "POST", `/api/courses/${course.id}/modules`, { title: "One" }),
    201,
    "add module",
  );
  const moduleId = outline.modules[0]!.id;
  const lessonsPath = `/api/courses/${course.id}/modules/${moduleId}/lessons`;
  const reading = expectStatus(await call<{ id: string }>(instructor, "POST", lessonsPath, READING), 201, "reading");
  const quiz = expectStatus(await call<{ id: string }>(instructor, "POST", lessonsPath, QUIZ), 201, "quiz");
  await call(instructor, "PUT", `/api/courses/${course.id}/published`, { published: true });
  await call(learner, "GET", "/api/courses?q=Described");
  expectStatus(await call(learner, "POST", `/api/courses/${course.id}/enroll`), 200, "enroll");
  await call(learner, "GET", "/api/courses/mine");
  await call(learner, "GET", `/api/courses/${course.id}`);
  await call(learner, "GET", `/api/courses/${course.id}/lessons/${reading.id}`);
  await call(learner, "POST", `/api/courses/${course.id}/lessons/${reading.id}/start`);
  await call(learner, "POST", `/api/courses/${course.id}/lessons/${reading.id}/complete`);
  await call(learner, "GET", `/api/courses/${course.id}/lessons/${quiz.id}`);
  await call(instructor, "GET", `/api/courses/${course.id}/lessons/${quiz.id}/edit`);
  await call(instructor, "GET", `/api/courses/${course.id}/lessons/${quiz.id}/stats`);
  await call(learner, "GET", "/api/me/course-progress");

  // Ledger and leaderboards.
  const award = { userId: learner.user.id, reason: "quiz_correct_answers", detail: { correct: 1, total: 1 } };
  for (let i = 0; i < 5; i++) {
    expectStatus(await call(admin, "POST", "/api/admin/awards", { ...award, key: `described:${i}` }), 201, "award");
  }
  expectStatus(await call(admin, "POST", "/api/admin/awards", { ...award, key: "described:0" }), 200, "award again");
  await call(learner, "GET", "/api/me/progress");
  await call(learner, "GET", "/api/me/ledger?currency=points");
  await call(learner, "GET", "/api/leaderboards/global?period=week");
  await call(learner, "GET", "/api/leaderboards/improved?scope=global");
  await call(learner, "GET", "/api/me/bests");
  await call(learner, "GET", "/api/notifications");

  // Store and orders.
  await call(learner, "GET", "/api/store/config");
  const product = expectStatus(
    await call<{ id: string }>(admin, "POST", "/api/store/products", {
      name: `Sticker ${randomUUID().slice(0, 6)}`,
      kind: "digital",
      pricePoints: 10,
      stock: 5,
    }),
    201,
    "product",
  );
  await call(learner, "GET", "/api/store/products");
  await call(learner, "GET", `/api/store/products/${product.id}`);
  await call(learner, "GET", "/api/store/courses");
  await call(instructor, "GET", "/api/store/earnings");
  const bought = expectStatus(
    await call<CheckoutView>(learner, "POST", "/api/orders", {
      item: { kind: "product", productId: product.id },
      payWith: "points",
      requestId: randomUUID(),
    }),
    201,
    "buy",
  );
  await call(learner, "GET", "/api/orders");
  await call(learner, "GET", `/api/orders/${bought.order.id}`);
  await call(admin, "GET", "/api/orders?scope=all&limit=5");

  // Guardians and gifts.
  const code = expectStatus(await call<LinkCodeView>(learner, "POST", "/api/guardian-links/code"), 201, "code");
  expectStatus(await call(guardian, "POST", "/api/guardian-links", { code: code.code }), 201, "link");
  await call(learner, "GET", "/api/guardian-links");
  await call(guardian, "GET", `/api/learners/${learner.user.id}/overview`);
  const gift = expectStatus(
    await call<GiftView>(guardian, "POST", `/api/learners/${learner.user.id}/gifts`, {
      kind: "custom",
      payer: "learner",
      title: "A kite",
      physical: false,
      threshold: 20,
    }),
    201,
    "gift",
  );
  await call(guardian, "GET", `/api/learners/${learner.user.id}/gifts`);
  await call(learner, "GET", "/api/me/gifts");
  await call(learner, "POST", `/api/me/gifts/${gift.id}/open`);
  await call(guardian, "GET", "/api/me/budget");

  // Rooms and their documents.
  await call(learner, "GET", "/api/rooms");
  const room = expectStatus(
    await call<RoomView>(learner, "POST", "/api/rooms/study", { name: "Described" }),
    201,
    "room",
  );
  await call(learner, "GET", `/api/rooms/${room.id}`);
  await call(learner, "POST", `/api/rooms/${room.id}/docs`, { kind: "board", name: "sketch" });
  await call(learner, "GET", `/api/rooms/${room.id}/docs`);
  await call(learner, "GET", "/api/users/search?q=Described");

  // Error answers are described too.
  expectStatus(await call(learner, "GET", "/api/courses/not-an-id"), 400, "bad id");
  expectStatus(await call(null, "GET", "/api/me"), 401, "no token");
  expectStatus(await call(learner, "GET", "/api/admin/users"), 403, "not an admin");
  expectStatus(await call(learner, "GET", `/api/orders/${"0".repeat(24)}`), 404, "no such order");

  expect(described.checked.size).toBeGreaterThanOrEqual(50);
  // The check bites: an answer that strays from its schema is refused.
  const me = expectStatus(await call<Record<string, unknown>>(learner, "GET", "/api/me"), 200, "me");
  const strayed = { status: 200, body: { ...me, role: "superuser" }, headers: new Headers(), refreshCookie: undefined };
  expect(() => described.check("GET", "/api/me", strayed)).toThrow(/does not fit/);
  const extra = { ...strayed, body: { ...me, password: "x" } };
  expect(() => described.check("GET", "/api/me", extra)).toThrow(/does not fit/);
});
