import { randomUUID } from "node:crypto";
import { type Dashboard, MAX_DASHBOARD_DAYS, type QuizAnswer, utcDayOf } from "@chalkline/shared";
import mongoose from "mongoose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, connectSocket, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { buildCourse, expectStatus, QUIZ, READING } from "../helpers/courses";
import { openStores, type Stores } from "../helpers/ledger";
import { scrape, TEST_METRICS_TOKEN } from "../helpers/metrics";
import type { ServerNodeHandle } from "../helpers/server";
import { buy, cardEvents, deliver, storeEnv } from "../helpers/store";

const names = newClusterNames();
let nodes: ServerNodeHandle[];
let stores: Stores;
let admin: TestAccount;
let instructor: TestAccount;

beforeAll(async () => {
  nodes = await startCluster(2, storeEnv({ METRICS_TOKEN: TEST_METRICS_TOKEN }), names);
  stores = await openStores(names);
  admin = await loginDemo(nodes[0]!.url, "admin");
  instructor = await loginDemo(nodes[0]!.url, "instructor");
}, 120_000);

afterAll(async () => {
  await stores?.close();
  await stopAll(nodes ?? []);
});

const url = (i = 0) => nodes[i % nodes.length]!.url;
const dashboard = async (query = "", node = 0) =>
  expectStatus(
    await api<Dashboard>(url(node), "GET", `/api/admin/analytics${query}`, { token: admin.accessToken }),
    200,
    "dashboard",
  );
const right: QuizAnswer[] = [
  { type: "single", questionId: "q1", optionId: "b" },
  { type: "multiple", questionId: "q2", optionIds: ["a", "b"] },
  { type: "true_false", questionId: "q3", value: false },
  { type: "short_answer", questionId: "q4", text: "Paris" },
];
const wrong: QuizAnswer[] = [{ type: "single", questionId: "q1", optionId: "a" }];
const count = (collection: string, filter: object = {}) => stores.db.collection(collection).countDocuments(filter);

/** What the raw collections say happened, for the counters that have one. */
async function rawCounts() {
  return {
    signups: await count("users"),
    enrolments: await count("enrollments"),
    messages: await count("messages"),
    quizAttempts: await count("quizAttempts"),
    quizPasses: await count("quizAttempts", { passed: true }),
  };
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A paid card order for the course, delivered as Stripe's paid event. */
async function paidCardOrder(learner: TestAccount, courseId: string) {
  const placed = expectStatus(await buy(url(), learner.accessToken, { kind: "course", courseId }, "card"), 201, "card");
  const doc = await stores.db.collection("orders").findOne({ _id: new mongoose.Types.ObjectId(placed.order.id) });
  expect((await deliver(url(1), cardEvents(placed.order.id, String(doc?.card?.sessionId)).paid())).status).toBe(200);
  return placed.order.id;
}

it("the dashboard's figures equal what happened: sign-ups, enrolments, messages, quizzes, completions and revenue", async () => {
  const today = `?from=${utcDayOf(new Date())}&to=${utcDayOf(new Date())}`;
  const before = { raw: await rawCounts(), board: (await dashboard(today)).totals };

  const free = await buildCourse(url(), instructor, [READING, QUIZ]);
  const paid = await buildCourse(url(), instructor, [READING], { priceCents: 2500 });
  const learners: TestAccount[] = [];
  for (let i = 0; i < 3; i++) learners.push(await registerUser(url(i)));
  for (const learner of learners) {
    await api(url(1), "POST", `/api/courses/${free.course.id}/enroll`, { token: learner.accessToken });
    // Enrolling again counts nothing.
    await api(url(0), "POST", `/api/courses/${free.course.id}/enroll`, { token: learner.accessToken });
  }
  const [reading, quiz] = free.lessons;
  const quizPath = `/api/courses/${free.course.id}/lessons/${quiz!.id}/attempts`;
  // learner 0 completes the course; learner 1 fails the quiz twice; the same attempt resent counts once.
  const done = `/api/courses/${free.course.id}/lessons/${reading!.id}/complete`;
  expect((await api(url(), "POST", done, { token: learners[0]!.accessToken })).status).toBeLessThan(300);
  const requestId = randomUUID();
  for (let i = 0; i < 2; i++) {
    const body = { answers: right, requestId };
    const answer = await api(url(i), "POST", quizPath, { token: learners[0]!.accessToken, body });
    expect(answer.status, "pass quiz").toBeLessThan(300);
  }
  for (let i = 0; i < 2; i++) {
    const answer = await api(url(i), "POST", quizPath, { token: learners[1]!.accessToken, body: { answers: wrong } });
    expect(answer.status, "fail quiz").toBeLessThan(300);
  }
  // Chat in the course's class room: five messages.
  const { socket } = await connectSocket(url(1), learners[2]!.accessToken);
  for (let i = 0; i < 5; i++) {
    const ack = await socket.emitWithAck("chat:send", {
      roomId: free.course.classRoomId,
      clientMsgId: `an${i}xxxxx`,
      text: `hi ${i}`,
    });
    expect(ack.ok).toBe(true);
  }
  socket.disconnect();
  // Two card sales of the paid course; one refunded by an admin.
  await paidCardOrder(learners[0]!, paid.course.id);
  const refunded = await paidCardOrder(learners[1]!, paid.course.id);

  // Counted before the refund, which takes its enrolment back: the counter counts enrolments made.
  const raw = await rawCounts();
  const refund = await api(url(), "POST", `/api/orders/${refunded}/refund`, {
    token: admin.accessToken,
    body: { reason: "asked for it" },
  });
  expectStatus(refund, 200, "refund");
  const expected = {
    signups: raw.signups - before.raw.signups,
    enrolments: raw.enrolments - before.raw.enrolments,
    messages: raw.messages - before.raw.messages,
    quizAttempts: raw.quizAttempts - before.raw.quizAttempts,
    quizPasses: raw.quizPasses - before.raw.quizPasses,
    completions: 1,
    grossCents: 5000,
    refundCents: 2500,
  };
  expect(expected).toMatchObject({ signups: 3, enrolments: 5, messages: 5, quizAttempts: 3, quizPasses: 1 });
  const delta = (board: Dashboard) =>
    Object.fromEntries(
      Object.keys(expected).map((k) => {
        const name = k as keyof typeof expected;
        return [k, board.totals[name] - before.board[name]];
      }),
    );
  // Counting is fire-and-forget: wait for it to land.
  const board = await waitFor(
    () => dashboard(today, 1),
    (b) => JSON.stringify(delta(b)) === JSON.stringify(expected),
    "counters",
  );
  const day = board.days.at(-1)!;
  expect(day.activeUsers.daily).toBeGreaterThanOrEqual(5);
  expect(day.activeUsers.weekly).toBeGreaterThanOrEqual(day.activeUsers.daily);
  expect(day.activeUsers.monthly).toBeGreaterThanOrEqual(day.activeUsers.weekly);
  const course = board.revenue.find((l) => l.kind === "course" && l.id === paid.course.id);
  expect(course).toMatchObject({ name: paid.course.title, grossCents: 5000, refundCents: 2500, netCents: 2500 });

  // The day's document catches up with the counters at the next flush, without any request asking.
  const stored = await waitFor(
    () =>
      stores.db
        .collection<{ _id: string; counts: Record<string, number> }>("dailyStats")
        .findOne({ _id: utcDayOf(new Date()) }),
    (doc) =>
      (doc?.counts.grossCents ?? 0) >= board.totals.grossCents && (doc?.counts.signups ?? 0) >= board.totals.signups,
    "the day's document",
  );
  expect(stored?.counts.enrolments).toBe(board.totals.enrolments);
});

it("a year of dashboard reads one document per day at most, and none of the raw event collections", async () => {
  const commands = async () => {
    const read = (collection: string) => scrape(url(0), "chalkline_db_command_seconds_count", { collection });
    return {
      dailyStats: await read("dailyStats"),
      raw: (
        await Promise.all(
          ["messages", "enrollments", "quizAttempts", "attendanceIntervals", "users", "lessonProgress"].map(read),
        )
      ).reduce((a, b) => a + b, 0),
    };
  };
  const before = await commands();
  const to = utcDayOf(new Date());
  const from = utcDayOf(new Date(Date.now() - (MAX_DASHBOARD_DAYS - 1) * 86_400_000));
  const board = await dashboard(`?from=${from}&to=${to}`);
  const after = await commands();
  expect(board.days).toHaveLength(MAX_DASHBOARD_DAYS);
  // The range's documents in one find, and the last one before it (for MRR) in another.
  expect(after.dailyStats - before.dailyStats).toBeLessThanOrEqual(2);
  // The admin's own sign-in check reads the users collection once per request.
  expect(after.raw - before.raw).toBeLessThanOrEqual(1);
  expect(await count("dailyStats")).toBeLessThanOrEqual(MAX_DASHBOARD_DAYS);
  const tooLong = await api(url(), "GET", `/api/admin/analytics?from=2020-01-01&to=${to}`, {
    token: admin.accessToken,
  });
  expect(tooLong.status).toBe(400);
});
