import type { LedgerPage } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, startCluster, stopAll } from "../helpers/cluster";
import { grant } from "../helpers/ledger";
import type { ServerNodeHandle } from "../helpers/server";

let nodes: ServerNodeHandle[];
let admin: TestAccount;
beforeAll(async () => {
  nodes = await startCluster(2);
  admin = await loginDemo(nodes[0]!.url, "admin");
});
afterAll(() => stopAll(nodes ?? []));

/** 22:30 and 23:30 UTC yesterday: one day in UTC, two days in Tokyo (UTC+9). */
function lateYesterday(): [Date, Date] {
  const first = new Date();
  first.setUTCDate(first.getUTCDate() - 1);
  first.setUTCHours(22, 30, 0, 0);
  return [first, new Date(first.getTime() + 3_600_000)];
}

async function streakDays(learner: TestAccount): Promise<number> {
  const page = await api<LedgerPage>(nodes[1]!.url, "GET", "/api/me/ledger?currency=xp", {
    token: learner.accessToken,
  });
  return page.body.entries.filter((e) => e.reason === "daily_streak").length;
}

/** Two lessons an hour apart, the profile's time zone set to `zoneBetween` between them. */
async function twoLessons(zoneBetween: string): Promise<TestAccount> {
  const learner = await registerUser(nodes[0]!.url);
  const [first, second] = lateYesterday();
  const lesson = (key: string, at: Date) =>
    grant(nodes[0]!.url, admin.accessToken, {
      userId: learner.user.id,
      reason: "lesson_completed",
      key,
      at: at.toISOString(),
    });
  expect((await lesson("lesson:one", first)).status).toBe(201);
  const moved = await api(nodes[1]!.url, "PATCH", "/api/me", {
    token: learner.accessToken,
    body: { timeZone: zoneBetween },
  });
  expect(moved.body.timeZone).toBe(zoneBetween);
  expect((await lesson("lesson:two", second)).status).toBe(201);
  return learner;
}

it("a learner whose profile moves to Tokyo between two late lessons gets a second streak day", async () => {
  // 23:30 UTC is 08:30 the next day in Tokyo: the second lesson falls on a new local day.
  expect(await streakDays(await twoLessons("Asia/Tokyo"))).toBe(2);
  // The same two lessons for a learner who stays on UTC are one day.
  expect(await streakDays(await twoLessons("UTC"))).toBe(1);
});
