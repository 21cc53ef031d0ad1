import { performance } from "node:perf_hooks";
import mongoose from "mongoose";
import { round } from "./fanout";

export interface StoreBaseline {
  clients: number;
  writes: number;
  writesPerSec: number;
  p50Ms: number;
}

/**
 * The plain MongoDB driver's single-document inserts into the same store, `clients` in flight: what
 * one round trip to the store costs on this machine at that moment, the unit every write path pays.
 */
export async function driverInserts(
  mongoUrl: string,
  dbName: string,
  clients: number,
  writes: number,
): Promise<StoreBaseline> {
  const client = await mongoose.mongo.MongoClient.connect(mongoUrl);
  try {
    const collection = client.db(dbName).collection("benchBaselineInserts");
    const latencies: number[] = [];
    let next = 0;
    const began = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next++ < writes) {
          const sent = performance.now();
          await collection.insertOne({ n: next, at: new Date() });
          latencies.push(performance.now() - sent);
        }
      }),
    );
    const seconds = (performance.now() - began) / 1000;
    await collection.drop();
    latencies.sort((a, b) => a - b);
    return {
      clients,
      writes,
      writesPerSec: round(writes / seconds, 1),
      p50Ms: round(latencies[latencies.length >> 1]!, 2),
    };
  } finally {
    await client.close();
  }
}
