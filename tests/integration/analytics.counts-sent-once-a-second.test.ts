import { utcDayOf } from "@chalkline/shared";
import { afterAll, beforeAll, expect, inject, it, vi } from "vitest";
import { DailyCounters } from "../../server/src/features/analytics/analytics.counters";
import { analyticsKeys } from "../../server/src/features/analytics/analytics.keys";
import { createLogger } from "../../server/src/platform/logger";
import { connectMongo, disconnectMongo } from "../../server/src/platform/mongo";
import { createRedis } from "../../server/src/platform/redis";
import { uniqueName } from "../helpers/ids";

// The node's counters, in this process, against the run's real Redis (and FerretDB for close's copy).
const redis = createRedis(inject("services").redisUrl);
const prefix = `${uniqueName("k")}:`;
const counters = new DailyCounters({ redis, prefix, logger: createLogger({ level: "silent", serverId: "test" }) });
const today = utcDayOf(new Date());
const dayKey = analyticsKeys.day(prefix, today);
const counted = async () => Object.fromEntries(Object.entries(await redis.hgetall(dayKey)).map(([k, v]) => [k, +v]));

beforeAll(async () => {
  await connectMongo(inject("services").mongoUrl, uniqueName("db"));
});

afterAll(async () => {
  await counters.close();
  await disconnectMongo();
  redis.disconnect();
});

it("a thousand messages counted in a second reach Redis in one round trip, with the right totals", async () => {
  const multi = vi.spyOn(redis, "multi");
  for (let i = 0; i < 1000; i++) counters.add({ messages: 1 });
  counters.add({ quizAttempts: 3, quizPasses: 1 });
  // Nothing is sent while the node counts: the counts wait for the tick.
  expect(multi).not.toHaveBeenCalled();
  await counters.flushPending();
  expect(multi).toHaveBeenCalledTimes(1);
  expect(await counted()).toEqual({ messages: 1000, quizAttempts: 3, quizPasses: 1 });
  expect(await redis.sismember(analyticsKeys.dirty(prefix), today)).toBe(1);
  expect(await redis.ttl(dayKey)).toBeGreaterThan(0);
  multi.mockRestore();

  // Without any call, the node's own tick sends what is counted next, within a few seconds.
  counters.add({ messages: 2 });
  const deadline = Date.now() + 5_000;
  while ((await counted()).messages !== 1002) {
    if (Date.now() > deadline) throw new Error(`not sent by the tick: ${JSON.stringify(await counted())}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

it("counts Redis refuses stay pending and are sent again, none lost and none doubled", async () => {
  const otherDay = "2020-02-02";
  const refusingKey = analyticsKeys.day(prefix, otherDay);
  // A value of the wrong type makes every HINCRBY of that day's transaction fail.
  await redis.set(refusingKey, "not a hash");
  for (let i = 0; i < 50; i++) counters.add({ messages: 1 }, new Date(`${otherDay}T12:00:00Z`));
  await counters.flushPending();
  expect(await redis.get(refusingKey)).toBe("not a hash");

  // Redis takes them again: the next send carries every count that was refused, and more made since.
  await redis.del(refusingKey);
  counters.add({ messages: 5 }, new Date(`${otherDay}T13:00:00Z`));
  await counters.flushPending();
  expect(await redis.hgetall(refusingKey)).toEqual({ messages: "55" });
  await counters.flushPending();
  expect(await redis.hgetall(refusingKey)).toEqual({ messages: "55" });
});
