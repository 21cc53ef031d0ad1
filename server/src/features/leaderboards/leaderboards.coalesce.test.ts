import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Coalescer } from "./leaderboards.coalesce";

describe("Coalescer", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs a burst at once and once more at the end of the interval, per key", async () => {
    const runs: Array<[string, number]> = [];
    const coalescer = new Coalescer(
      250,
      async (key) => void runs.push([key, Date.now()]),
      (e) => {
        throw e;
      },
    );
    const start = Date.now();
    for (let i = 0; i < 100; i++) {
      coalescer.touch("a");
      if (i % 10 === 0) coalescer.touch("b");
      await vi.advanceTimersByTimeAsync(5);
    }
    await vi.advanceTimersByTimeAsync(1000);
    const times = (key: string) => runs.filter(([k]) => k === key).map(([, at]) => at - start);
    // 500 ms of touches: at 0, 250 and 500, then the trailing run for the last touches.
    expect(times("a")).toEqual([0, 250, 500]);
    expect(times("b")).toEqual([0, 250, 500]);
    coalescer.close();
  });

  it("never runs one key twice within the interval, even when a run is slow", async () => {
    const starts: number[] = [];
    const coalescer = new Coalescer(
      250,
      async () => {
        starts.push(Date.now());
        await new Promise((resolve) => setTimeout(resolve, 400));
      },
      () => {},
    );
    for (let i = 0; i < 40; i++) {
      coalescer.touch("k");
      await vi.advanceTimersByTimeAsync(50);
    }
    await vi.advanceTimersByTimeAsync(2000);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(250);
    // The touches ended at 2000 ms: the last run starts after them.
    expect(starts.at(-1)!).toBeGreaterThanOrEqual(1950);
    coalescer.close();
  });

  it("runs a touch after a quiet spell immediately", async () => {
    const runs: number[] = [];
    const coalescer = new Coalescer(
      250,
      async () => void runs.push(Date.now()),
      () => {},
    );
    const start = Date.now();
    coalescer.touch("k");
    await vi.advanceTimersByTimeAsync(2000);
    coalescer.touch("k");
    await vi.advanceTimersByTimeAsync(0);
    expect(runs.map((t) => t - start)).toEqual([0, 2000]);
    coalescer.close();
  });
});
