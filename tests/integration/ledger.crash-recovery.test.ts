import { type ProgressView, periodKeys } from "@chalkline/shared";
import mongoose from "mongoose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { type ClusterNames, loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { boardsInRedis, grant, openStores, type Stores } from "../helpers/ledger";
import { ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

let names: ClusterNames;
let nodes: ServerNodeHandle[];
let stores: Stores;
let learner: TestAccount;
const roomId = new mongoose.Types.ObjectId();

beforeAll(async () => {
  names = newClusterNames();
  nodes = await startCluster(1, ROOMY_LIMITS, names);
  stores = await openStores(names);
  const admin = await loginDemo(nodes[0]!.url, "admin");
  learner = await registerUser(nodes[0]!.url);
  const first = await grant(nodes[0]!.url, admin.accessToken, {
    userId: learner.user.id,
    reason: "lesson_completed",
    key: "lesson:1",
    roomId: String(roomId),
  });
  expect(first.body).toMatchObject({ applied: true, xp: 70 });
});

afterAll(async () => {
  await stores?.close();
  await stopAll(nodes ?? []);
});

const classAllTime = () => `class:${roomId}:all:all`;

it("an award whose node died right after its ledger write is folded on the next read, and put on the boards at startup", {
  timeout: 120_000,
}, async () => {
  // What a node leaves behind when it dies between the entry's insert and everything after it:
  // the intent and the entry (position 3 of the XP chain, after the lesson and the day's streak).
  const userId = new mongoose.Types.ObjectId(learner.user.id);
  const at = new Date();
  const longAgo = new Date(Date.now() - 120_000);
  await stores.db.collection("ledgerIntents").insertOne({ userId, at, createdAt: longAgo });
  await stores.db.collection("xpLedger").insertOne({
    _id: `${learner.user.id}:3` as never,
    userId,
    seq: 3,
    currency: "xp",
    amount: 100,
    balanceAfter: 170,
    reason: "quiz_passed",
    key: "quiz:1",
    courseId: null,
    roomId,
    at,
    period: periodKeys(at, "UTC"),
    detail: {},
    streak: null,
    createdAt: longAgo,
  });
  expect((await boardsInRedis(stores)).get(classAllTime())?.get(learner.user.id)).toBe(50);

  // Reads catch the balance up from the chain.
  const read = await api<ProgressView>(nodes[0]!.url, "GET", "/api/me/progress", { token: learner.accessToken });
  expect(read.body).toMatchObject({ xp: 170, level: 2 });

  // A node starting up sweeps the intent: the boards get the entry, once.
  await nodes[0]!.stop();
  nodes = await startCluster(1, ROOMY_LIMITS, names);
  const intents = () => stores.db.collection("ledgerIntents").countDocuments();
  for (const deadline = Date.now() + 20_000; (await intents()) > 0; ) {
    if (Date.now() > deadline) throw new Error("the startup sweep did not finish the intent");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const boards = await boardsInRedis(stores);
  expect(boards.get(classAllTime())?.get(learner.user.id)).toBe(150);
  expect(boards.get("global:-:all:all")?.get(learner.user.id)).toBe(170);

  // A retry of the crashed award is a duplicate and changes nothing.
  const admin = await loginDemo(nodes[0]!.url, "admin");
  const retry = await grant(nodes[0]!.url, admin.accessToken, {
    userId: learner.user.id,
    reason: "quiz_passed",
    key: "quiz:1",
    roomId: String(roomId),
  });
  expect(retry.body).toMatchObject({ applied: false, xp: 170 });
  expect((await boardsInRedis(stores)).get(classAllTime())?.get(learner.user.id)).toBe(150);
});
