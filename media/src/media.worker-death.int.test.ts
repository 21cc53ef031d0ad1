import { describe, expect, it } from "vitest";
import { peer } from "./testing/fixtures";
import { eventOf, expectMediaError, joinWithTransport, publish, startMedia, waitForEvent } from "./testing/harness";

describe("a mediasoup worker dies", () => {
  it("resets the classes it carried, and their peers can join again on a live worker", async () => {
    const { client, events, pool } = await startMedia({ workers: 2 });
    const ann = peer("ann");
    const sender = await joinWithTransport(client, "class-a", ann, "send");
    await publish(client, "class-a", ann.peerId, sender.transportId);
    await client.join("class-b", peer("bob"));
    const [doomed] = (await client.stats("class-a")).workerPids;
    const [spared] = (await client.stats("class-b")).workerPids;
    expect(doomed).toBeDefined();
    expect(spared).not.toBe(doomed);

    process.kill(doomed!, "SIGKILL");
    await waitForEvent(events, eventOf("class-reset", { classId: "class-a", reason: "worker-died" }));
    // The class is gone whole; nothing of it is announced piecemeal, and the other class is untouched.
    await expectMediaError(client.stats("class-a"), "not_found");
    expect(events.filter((e) => e.type === "producer-closed" || e.type === "class-reset")).toEqual([
      { type: "class-reset", classId: "class-a", reason: "worker-died" },
    ]);
    expect(await client.stats("class-b")).toMatchObject({ peers: 1, workerPids: [spared] });

    const again = await joinWithTransport(client, "class-a", ann, "send");
    expect(again.producers).toEqual([]);
    const stats = await client.stats("class-a");
    expect(stats).toMatchObject({ routers: 1, peers: 1, producers: 0 });
    expect(stats.workerPids).not.toContain(doomed);
    expect(pool.workers.map((w) => w.pid)).toEqual(expect.arrayContaining(stats.workerPids));
    await publish(client, "class-a", ann.peerId, again.transportId);
  });
});
