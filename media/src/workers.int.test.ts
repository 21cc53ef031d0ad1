import { once } from "node:events";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { MediaError } from "./errors";
import { useMediasoupWorkerBin } from "./testing/worker-bin";
import { WorkerPool } from "./workers";

useMediasoupWorkerBin();

const pools: WorkerPool[] = [];
afterAll(() => {
  for (const pool of pools) pool.close();
});

async function createPool(workerCount: number): Promise<WorkerPool> {
  const pool = await WorkerPool.create({
    workerCount,
    rtcMinPort: 41_000,
    rtcMaxPort: 41_999,
    logger: pino({ level: "silent" }),
  });
  pools.push(pool);
  return pool;
}

const opus = { kind: "audio", mimeType: "audio/opus", clockRate: 48_000, channels: 2 } as const;

describe("WorkerPool", () => {
  it("replaces a worker whose process is killed", async () => {
    const pool = await createPool(1);
    const first = pool.next();
    const router = await first.createRouter({ mediaCodecs: [opus] });
    expect(router.rtpCapabilities.codecs?.some((c) => c.mimeType === "audio/opus")).toBe(true);

    const died = once(pool, "workerdied");
    const replaced = once(pool, "workerreplaced");
    process.kill(first.pid, "SIGKILL");
    const [slot, pid] = await died;
    expect([slot, pid]).toEqual([0, first.pid]);
    expect(router.closed).toBe(true);

    await replaced;
    const second = pool.next();
    expect(second.pid).not.toBe(first.pid);
    expect(pool.workers).toEqual([second]);
    const again = await second.createRouter({ mediaCodecs: [opus] });
    expect(again.closed).toBe(false);
  });

  it("hands out workers round-robin and refuses after an idempotent close", async () => {
    const pool = await createPool(2);
    const picks = [pool.next(), pool.next(), pool.next()].map((w) => w.pid);
    expect(picks[0]).not.toBe(picks[1]);
    expect(picks[2]).toBe(picks[0]);

    const closed = once(pool, "closed");
    const workers = pool.workers;
    pool.close();
    pool.close();
    await closed;
    expect(workers.every((w) => w.closed)).toBe(true);
    expect(() => pool.next()).toThrow(MediaError);
  });
});
