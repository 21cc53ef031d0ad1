import { describe, expect, it } from "vitest";
import { dtlsParameters, peer } from "./testing/fixtures";
import { annMicToBob, expectMediaError, joinWithTransport, publish, startMedia } from "./testing/harness";

describe("every id a request names belongs to the requesting peer and class", () => {
  it("answers forbidden for another peer's transport, producer and consumer", async () => {
    const { client } = await startMedia();
    const { ann, bob, sender, mic, receiver, consumer } = await annMicToBob(client);

    // Bob names Ann's transport and producer; Ann names Bob's consumer and transport.
    await expectMediaError(
      client.connectTransport("class-a", bob.peerId, sender.transportId, dtlsParameters),
      "forbidden",
    );
    await expectMediaError(publish(client, "class-a", bob.peerId, sender.transportId), "forbidden");
    await expectMediaError(client.pauseProducer("class-a", bob.peerId, mic), "forbidden");
    await expectMediaError(client.resumeProducer("class-a", bob.peerId, mic), "forbidden");
    await expectMediaError(client.closeProducer("class-a", bob.peerId, mic), "forbidden");
    await expectMediaError(client.resumeConsumer("class-a", ann.peerId, consumer.id), "forbidden");
    await expectMediaError(
      client.setConsumerLayers("class-a", ann.peerId, consumer.id, { spatialLayer: 0 }),
      "forbidden",
    );
    await expectMediaError(
      client.consume("class-a", ann.peerId, {
        transportId: receiver.transportId,
        producerId: mic,
        rtpCapabilities: receiver.rtpCapabilities,
      }),
      "forbidden",
    );
    // Nothing was touched.
    expect(await client.stats("class-a")).toMatchObject({ peers: 2, producers: 1, consumers: 1 });
  });

  it("answers not_found for ids of another class, unknown peers and classes", async () => {
    const { client } = await startMedia();
    const ann = peer("ann");
    const sender = await joinWithTransport(client, "class-a", ann, "send");
    const mic = await publish(client, "class-a", ann.peerId, sender.transportId);
    const carl = peer("carl");
    const other = await joinWithTransport(client, "class-b", carl, "recv");

    // Carl, in class B, names class A's transport and producer.
    await expectMediaError(
      client.connectTransport("class-b", carl.peerId, sender.transportId, dtlsParameters),
      "not_found",
    );
    await expectMediaError(client.pauseProducer("class-b", carl.peerId, mic), "not_found");
    await expectMediaError(
      client.consume("class-b", carl.peerId, {
        transportId: other.transportId,
        producerId: mic,
        rtpCapabilities: other.rtpCapabilities,
      }),
      "not_found",
    );
    // Ann names class A's ids under class B, where she never joined.
    await expectMediaError(client.closeProducer("class-b", ann.peerId, mic), "not_found");
    await expectMediaError(client.createTransport("class-a", "socket-nobody", "recv"), "not_found");
    await expectMediaError(client.createTransport("class-never", ann.peerId, "recv"), "not_found");
    await expectMediaError(client.closeProducers("class-never", {}), "not_found");
  });
});
