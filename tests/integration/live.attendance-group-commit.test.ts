import mongoose from "mongoose";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { AttendanceInterval } from "../../server/src/features/live/live.model";
import { LiveService } from "../../server/src/features/live/live.service";
import { connectMongo, disconnectMongo } from "../../server/src/platform/mongo";
import { createRedis } from "../../server/src/platform/redis";
import { uniqueName } from "../helpers/ids";

const SOCKETS = 200;

// The service path, in this process, against the run's real FerretDB and Redis.
const redis = createRedis(inject("services").redisUrl);
const live = new LiveService(redis, `${uniqueName("k")}:`);
const liveClassId = String(new mongoose.Types.ObjectId());
const users = Array.from({ length: SOCKETS / 2 }, () => String(new mongoose.Types.ObjectId()));
const socketIds = Array.from({ length: SOCKETS }, (_, i) => `socket-${i}`);

beforeAll(async () => {
  await connectMongo(inject("services").mongoUrl, uniqueName("db"));
});

afterAll(async () => {
  await disconnectMongo();
  redis.disconnect();
});

const stretches = () => AttendanceInterval.find({ liveClassId }).lean();

it("a class filling at once stores one open stretch per socket, joins again keep it, leaves close each once", async () => {
  // Two sockets per learner (two tabs), every one joining twice at the same moment.
  const joins = socketIds.flatMap((socketId, i) => [0, 1].map(() => ({ socketId, userId: users[i % users.length]! })));
  await Promise.all(joins.map((j) => live.attendanceJoin(liveClassId, j.userId, j.socketId)));
  const opened = await stretches();
  expect(opened).toHaveLength(SOCKETS);
  expect(new Set(opened.map((s) => s.socketId)).size).toBe(SOCKETS);
  expect(opened.every((s) => s.leftAt === null)).toBe(true);

  // Half leave together, one of them right as it joins again elsewhere in the batch.
  const leaving = socketIds.slice(0, SOCKETS / 2);
  await Promise.all([
    ...leaving.map((socketId) => live.attendanceLeave(liveClassId, socketId)),
    live.attendanceJoin(liveClassId, users[0]!, socketIds[SOCKETS - 1]!),
  ]);
  const after = await stretches();
  expect(after).toHaveLength(SOCKETS);
  const closed = after.filter((s) => s.leftAt !== null);
  expect(closed.map((s) => s.socketId).sort()).toEqual([...leaving].sort());
  expect(closed.every((s) => s.leftAt! >= s.joinedAt)).toBe(true);

  // A socket that left and comes back opens a new stretch; leaving twice changes nothing more.
  await live.attendanceJoin(liveClassId, users[0]!, socketIds[0]!);
  await live.attendanceLeave(liveClassId, socketIds[0]!);
  await live.attendanceLeave(liveClassId, socketIds[0]!);
  const again = (await stretches()).filter((s) => s.socketId === socketIds[0]);
  expect(again).toHaveLength(2);
  expect(again.every((s) => s.leftAt !== null)).toBe(true);
});
