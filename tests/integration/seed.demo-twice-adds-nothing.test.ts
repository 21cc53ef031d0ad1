import mongoose from "mongoose";
import { afterAll, expect, inject, it } from "vitest";
import { newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

const names = newClusterNames();
const started: ServerNodeHandle[] = [];
afterAll(() => stopAll(started));

/** Every collection's document count, by name. */
async function counts(): Promise<Record<string, number>> {
  const client = await mongoose.mongo.MongoClient.connect(inject("services").mongoUrl);
  try {
    const db = client.db(names.dbName);
    const collections = await db.listCollections().toArray();
    const pairs = await Promise.all(
      collections.map(async (c) => [c.name, await db.collection(c.name).countDocuments()] as const),
    );
    return Object.fromEntries(pairs.sort(([a], [b]) => a.localeCompare(b)));
  } finally {
    await client.close();
  }
}

it("a fresh start seeds the demo school in under 30 seconds, and a second start adds nothing", async () => {
  const began = performance.now();
  const [first] = await startCluster(1, { SEED_DEMO_SCOPE: "school" }, names);
  started.push(first!);
  const seededMs = performance.now() - began;
  console.log(`first start with the demo seeded: ${Math.round(seededMs)} ms`);
  expect(seededMs).toBeLessThan(30_000);
  await first!.stop();
  const afterFirst = await counts();
  // The school is there: four courses, two classes of one room, chat in two rooms, a workspace, an order.
  expect(afterFirst).toMatchObject({ courses: 4, liveClasses: 2, yDocs: 2, orders: 1, guardianTasks: 1, gifts: 1 });
  expect(afterFirst.messages).toBeGreaterThanOrEqual(15);
  expect(afterFirst.xpLedger).toBeGreaterThan(20);

  const [second] = await startCluster(1, { SEED_DEMO_SCOPE: "school" }, names);
  started.push(second!);
  await second!.stop();
  expect(await counts()).toEqual(afterFirst);
}, 120_000);
