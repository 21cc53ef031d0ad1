import { describe, expect, it } from "vitest";
import { peer } from "./testing/fixtures";
import { annMicToBob, eventOf, joinWithTransport, publish, startMedia, waitForEvent } from "./testing/harness";

describe("consumer budget", () => {
  it("puts a newcomer on a new router once every router is full, and pipes producers to it", async () => {
    const { client, events } = await startMedia({ workers: 2, consumersPerRouter: 1 });
    const { ann, bob, mic, receiver: bobRecv } = await annMicToBob(client);
    const carl = peer("carl");
    expect(await client.stats("class-a")).toMatchObject({ routers: 1 });

    // Router 1 holds its one consumer: Carl gets router 2, on the other worker.
    const carlRecv = await joinWithTransport(client, "class-a", carl, "recv");
    const stats = await client.stats("class-a");
    expect(stats).toMatchObject({ routers: 2, peers: 3 });
    expect(new Set(stats.workerPids).size).toBe(2);

    // Ann's microphone lives on router 1; Carl consumes it on router 2 through a pipe, twice.
    const consume = () =>
      client.consume("class-a", carl.peerId, {
        transportId: carlRecv.transportId,
        producerId: mic,
        rtpCapabilities: carlRecv.rtpCapabilities,
      });
    const [first, second] = await Promise.all([consume(), consume()]);
    expect(first).toMatchObject({ producerId: mic, kind: "audio", peerId: ann.peerId, paused: true });
    expect(second.id).not.toBe(first.id);
    await client.resumeConsumer("class-a", carl.peerId, first.id);
    expect(await client.stats("class-a")).toMatchObject({ consumers: 3 });

    // Closing the producer closes the pipe and, through it, the consumers on router 2.
    await client.closeProducer("class-a", ann.peerId, mic);
    await waitForEvent(events, eventOf("consumer-closed", { consumerId: first.id, peerId: carl.peerId }));
    await waitForEvent(events, eventOf("consumer-closed", { consumerId: second.id, peerId: carl.peerId }));
    expect(await client.stats("class-a")).toMatchObject({ producers: 0, consumers: 0 });

    // A new producer on router 2 is consumed on router 1 the same way.
    const carlSend = await client.createTransport("class-a", carl.peerId, "send");
    const carlMic = await publish(client, "class-a", carl.peerId, carlSend.id);
    const piped = await client.consume("class-a", bob.peerId, {
      transportId: bobRecv.transportId,
      producerId: carlMic,
      rtpCapabilities: bobRecv.rtpCapabilities,
    });
    expect(piped).toMatchObject({ producerId: carlMic, userId: "carl" });
  });
});
