import { describe, expect, it } from "vitest";
import type { MediaClient } from "./rpc/client";
import { peer } from "./testing/fixtures";
import {
  eventOf,
  joinWithTransport,
  publish,
  startClient,
  startNode,
  uniquePrefix,
  waitForEvent,
} from "./testing/harness";

const BEAT_MS = 100;

/** Waits until the registry shows `nodeId` serving at least `consumers` consumers. */
async function untilLoad(client: MediaClient, nodeId: string, consumers: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const entry = (await client.nodes()).find((n) => n.nodeId === nodeId);
    if (entry && entry.consumers >= consumers) return;
    await new Promise((resolve) => setTimeout(resolve, BEAT_MS / 2));
  }
  throw new Error(`${nodeId} did not report ${consumers} consumers`);
}

describe("a class spread over two media nodes", () => {
  it("puts newcomers on the second node once the first is full, and pipes the first node's producers to them", async () => {
    const prefix = uniquePrefix();
    const a = await startNode({ prefix, nodeId: "node-a", beatMs: BEAT_MS });
    const b = await startNode({ prefix, nodeId: "node-b", beatMs: BEAT_MS });
    const { client, events } = await startClient({ prefix, maxConsumersPerNode: 1, clusterRefreshMs: BEAT_MS });
    expect((await client.nodes()).map((n) => n.nodeId).sort()).toEqual(["node-a", "node-b"]);

    const ann = peer("ann");
    const sender = await joinWithTransport(client, "class-x", ann, "send");
    const mic = await publish(client, "class-x", ann.peerId, sender.transportId, "mic");
    const camera = await publish(client, "class-x", ann.peerId, sender.transportId, "camera");
    const first = (await client.stats("class-x")).workerPids;
    expect(first).toHaveLength(1);
    const origin = a.pool.workers.some((w) => w.pid === first[0]) ? a : b;
    const other = origin === a ? b : a;

    // Bob fills the origin node: one consumer is its limit here.
    const bob = peer("bob");
    const bobRecv = await joinWithTransport(client, "class-x", bob, "recv");
    await client.consume("class-x", bob.peerId, {
      transportId: bobRecv.transportId,
      producerId: mic,
      rtpCapabilities: bobRecv.rtpCapabilities,
    });
    await untilLoad(client, origin.node.id, 1);

    // Carol goes to the other node, sees Ann's producers and consumes them through the pipe.
    const carol = peer("carol");
    const carolRecv = await joinWithTransport(client, "class-x", carol, "recv");
    expect(carolRecv.producers.map((p) => p.producerId).sort()).toEqual([mic, camera].sort());
    const piped = await client.consume("class-x", carol.peerId, {
      transportId: carolRecv.transportId,
      producerId: camera,
      rtpCapabilities: carolRecv.rtpCapabilities,
    });
    expect(piped).toMatchObject({ producerId: camera, kind: "video", source: "camera", peerId: ann.peerId });
    await client.resumeConsumer("class-x", carol.peerId, piped.id);

    const stats = await client.stats("class-x");
    expect(stats).toMatchObject({ peers: 3, consumers: 2 });
    expect(stats.workerPids.sort()).toEqual([...a.pool.workers, ...b.pool.workers].map((w) => w.pid).sort());
    await untilLoad(client, other.node.id, 1);

    // Carol may not close what Ann publishes, on any node.
    await expect(client.closeProducer("class-x", carol.peerId, camera)).rejects.toMatchObject({ code: "not_found" });

    // Ann stops her camera on the origin node: Carol's consumer on the other node closes with it.
    await client.closeProducer("class-x", ann.peerId, camera);
    await waitForEvent(events, eventOf("consumer-closed", { peerId: carol.peerId, consumerId: piped.id }));

    // A hard mute reaches every node of the class.
    expect(await client.closeProducers("class-x", { userId: ann.userId })).toEqual([mic]);
  });

  it("places a new class on the least loaded node", async () => {
    const prefix = uniquePrefix();
    const a = await startNode({ prefix, nodeId: "node-a", beatMs: BEAT_MS });
    const b = await startNode({ prefix, nodeId: "node-b", beatMs: BEAT_MS });
    const { client } = await startClient({ prefix, clusterRefreshMs: BEAT_MS });
    const ann = peer("ann");
    const sender = await joinWithTransport(client, "class-1", ann, "send");
    const mic = await publish(client, "class-1", ann.peerId, sender.transportId, "mic");
    const bob = peer("bob");
    const recv = await joinWithTransport(client, "class-1", bob, "recv");
    await client.consume("class-1", bob.peerId, {
      transportId: recv.transportId,
      producerId: mic,
      rtpCapabilities: recv.rtpCapabilities,
    });
    const [busyPid] = (await client.stats("class-1")).workerPids;
    const busy = a.pool.workers.some((w) => w.pid === busyPid) ? a : b;
    const idle = busy === a ? b : a;
    await untilLoad(client, busy.node.id, 1);

    await client.openClass("class-2");
    expect((await client.stats("class-2")).workerPids).toEqual(idle.pool.workers.map((w) => w.pid));
  });
});
