import { describe, expect, it } from "vitest";
import { GroupCommit } from "./group-commit";

describe("GroupCommit", () => {
  it("writes calls of one turn together, and those arriving during a write in the next batch", async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const group = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return items.map((n) => n * 10);
      },
      100,
      "test",
    );
    const first = [group.submit(1), group.submit(2)];
    await new Promise((resolve) => setImmediate(resolve));
    const later = [group.submit(3), group.submit(4), group.submit(5)];
    release();
    expect(await Promise.all([...first, ...later])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it("answers each caller with its own error, and every caller of a failed batch with the failure", async () => {
    let fail = false;
    const group = new GroupCommit<number, number>(
      async (items) => {
        if (fail) throw new Error("store down");
        return items.map((n) => (n < 0 ? new Error(`refused ${n}`) : n));
      },
      100,
      "test",
    );
    await expect(Promise.all([group.submit(1), group.submit(-1).catch((e: Error) => e.message)])).resolves.toEqual([
      1,
      "refused -1",
    ]);
    fail = true;
    const failed = await Promise.allSettled([group.submit(2), group.submit(3)]);
    expect(failed.map((f) => f.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await group.submit(4)).toBe(4);
  });

  it("never writes more than the batch limit at once", async () => {
    const sizes: number[] = [];
    const group = new GroupCommit<number, number>(
      async (items) => {
        sizes.push(items.length);
        return items;
      },
      3,
      "test",
    );
    await Promise.all(Array.from({ length: 7 }, (_, n) => group.submit(n)));
    expect(sizes).toEqual([3, 3, 1]);
  });
});
