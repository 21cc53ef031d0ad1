import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { User } from "../../server/src/features/accounts/user.model";
import { currentBalance } from "../../server/src/features/ledger/balance.projection";
import { PointsLedger } from "../../server/src/features/ledger/ledger.model";
import { AppError } from "../../server/src/platform/errors";
import { connectMongo, disconnectMongo } from "../../server/src/platform/mongo";
import { createRedis } from "../../server/src/platform/redis";
import { uniqueName } from "../helpers/ids";
import { localAwards } from "../helpers/ledger";

const SPENDS = 100;
const PRICE = 10;

// The service path, in this process, against the run's real FerretDB and Redis.
const redis = createRedis(inject("services").redisUrl);
const prefix = `${uniqueName("k")}:`;
const awards = localAwards(redis, prefix);
let userId: string;

beforeAll(async () => {
  await connectMongo(inject("services").mongoUrl, uniqueName("db"));
  const user = await User.create({
    email: "spender@example.test",
    passwordHash: "-",
    displayName: "Spender",
    role: "learner",
  });
  userId = user.id;
  // 48 right answers (480 points) and a passed quiz (10) with its first badge (10): 500 points.
  await awards.award({
    userId,
    reason: "quiz_correct_answers",
    key: "quiz:1:answers",
    detail: { correct: 48, total: 50 },
  });
  const last = await awards.award({ userId, reason: "quiz_passed", key: "quiz:1" });
  expect(last).toMatchObject({ points: 500, newAchievements: ["quiz_rookie"] });
});

afterAll(async () => {
  await disconnectMongo();
  redis.disconnect();
});

it("100 concurrent 10-point spends from 500: exactly 50 succeed, never below zero, the ledger sums to the balance", async () => {
  const spends = await Promise.allSettled(
    Array.from({ length: SPENDS }, (_, i) =>
      awards.spendPoints({ userId, key: `order:${i}`, amount: PRICE, reason: "store_purchase" }),
    ),
  );
  const spent = spends.filter((s) => s.status === "fulfilled");
  const refused = spends.filter((s): s is PromiseRejectedResult => s.status === "rejected");
  expect(spent).toHaveLength(50);
  expect(spent.every((s) => s.value.applied)).toBe(true);
  expect(refused).toHaveLength(50);
  for (const r of refused) expect(r.reason).toMatchObject({ code: "insufficient_points" } satisfies Partial<AppError>);

  const chain = await PointsLedger.find({ userId }).sort({ seq: 1 }).lean();
  expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => i + 1));
  expect(Math.min(...chain.map((e) => e.balanceAfter))).toBeGreaterThanOrEqual(0);
  expect(chain.filter((e) => e.amount === -PRICE)).toHaveLength(50);
  const sum = chain.reduce((s, e) => s + e.amount, 0);
  expect(sum).toBe(0);
  expect(chain.at(-1)!.balanceAfter).toBe(0);
  expect((await currentBalance(awards.cache, userId)).points.total).toBe(sum);
});

it("spending is idempotent on its key, even when the balance could no longer cover it", async () => {
  const chain = await PointsLedger.find({ userId, amount: -PRICE }).lean();
  const doneKey = chain[0]!.key;
  expect(await awards.spendPoints({ userId, key: doneKey, amount: PRICE, reason: "store_purchase" })).toEqual({
    applied: false,
    points: 0,
  });
  await expect(
    awards.spendPoints({ userId, key: "order:new", amount: PRICE, reason: "store_purchase" }),
  ).rejects.toThrow(AppError);
  await expect(
    awards.spendPoints({ userId, key: "order:bad", amount: -5, reason: "store_purchase" }),
  ).rejects.toMatchObject({
    code: "invalid_payload",
  });
  // A credit makes the refused order possible.
  await awards.award({
    userId,
    reason: "quiz_correct_answers",
    key: "quiz:2:answers",
    detail: { correct: 1, total: 1 },
  });
  expect(await awards.spendPoints({ userId, key: "order:new", amount: PRICE, reason: "store_purchase" })).toEqual({
    applied: true,
    points: 0,
  });
});
