import { describe, expect, it } from "vitest";
import { dtlsParameters, peer } from "./testing/fixtures";
import {
  annMicToBob,
  eventOf,
  expectMediaError,
  joinWithTransport,
  publish,
  startMedia,
  waitForEvent,
} from "./testing/harness";

describe("media signalling through Redis", () => {
  it("opens a class and joins a peer idempotently", async () => {
    const { client } = await startMedia();
    const opened = await client.openClass("class-a");
    expect(await client.openClass("class-a")).toEqual(opened);
    const codecs = (opened.rtpCapabilities as { codecs: { mimeType: string }[] }).codecs.map((c) => c.mimeType);
    expect(codecs).toEqual(expect.arrayContaining(["audio/opus", "video/VP8", "video/H264"]));

    const ann = peer("ann");
    const [first, second] = await Promise.all([client.join("class-a", ann), client.join("class-a", ann)]);
    expect(first).toEqual(second);
    expect(await client.stats("class-a")).toMatchObject({ routers: 1, peers: 1, producers: 0, consumers: 0 });

    // join opens a class that is not open yet.
    await client.join("class-b", peer("bob"));
    expect(await client.stats("class-b")).toMatchObject({ routers: 1, peers: 1 });

    await client.closeClass("class-a");
    await client.closeClass("class-a");
    await expectMediaError(client.stats("class-a"), "not_found");
  });

  it("creates and connects transports on 127.0.0.1, and refuses a malformed DTLS side", async () => {
    const { client } = await startMedia();
    const ann = peer("ann");
    await client.join("class-a", ann);
    const send = await client.createTransport("class-a", ann.peerId, "send");
    expect(send.iceCandidates.length).toBeGreaterThan(0);
    expect(send.iceCandidates).toEqual(
      expect.arrayContaining([expect.objectContaining({ ip: "127.0.0.1", protocol: "udp" })]),
    );
    expect(send.iceCandidates).toEqual(expect.arrayContaining([expect.objectContaining({ protocol: "tcp" })]));
    expect(send.dtlsParameters).toMatchObject({ fingerprints: expect.any(Array) });

    await expectMediaError(
      client.connectTransport("class-a", ann.peerId, send.id, { role: "client", fingerprints: "none" }),
      "invalid_payload",
    );
    await client.connectTransport("class-a", ann.peerId, send.id, dtlsParameters);
  });

  it("produces, lists, consumes paused, pauses, resumes and closes", async () => {
    const { client, events } = await startMedia();
    const ann = peer("ann");
    const bob = peer("bob");
    const sender = await joinWithTransport(client, "class-a", ann, "send");
    const mic = await publish(client, "class-a", ann.peerId, sender.transportId, "mic");

    const receiver = await joinWithTransport(client, "class-a", bob, "recv");
    expect(receiver.producers).toEqual([
      {
        producerId: mic,
        peerId: ann.peerId,
        userId: "ann",
        displayName: "User ann",
        kind: "audio",
        source: "mic",
        paused: false,
      },
    ]);
    // A peer is not offered its own producers.
    expect((await client.join("class-a", ann)).producers).toEqual([]);

    const consumer = await client.consume("class-a", bob.peerId, {
      transportId: receiver.transportId,
      producerId: mic,
      rtpCapabilities: receiver.rtpCapabilities,
    });
    expect(consumer).toMatchObject({
      producerId: mic,
      kind: "audio",
      source: "mic",
      peerId: ann.peerId,
      userId: "ann",
      paused: true,
      producerPaused: false,
    });
    await client.resumeConsumer("class-a", bob.peerId, consumer.id);

    await client.pauseProducer("class-a", ann.peerId, mic);
    await waitForEvent(events, eventOf("producer-paused", { producerId: mic, peerId: ann.peerId }));
    expect((await client.join("class-a", bob)).producers[0]?.paused).toBe(true);
    await client.resumeProducer("class-a", ann.peerId, mic);
    await waitForEvent(events, eventOf("producer-resumed", { producerId: mic }));

    await client.closeProducer("class-a", ann.peerId, mic);
    const closed = await waitForEvent(events, eventOf("producer-closed", { producerId: mic }));
    expect(closed).toMatchObject({
      classId: "class-a",
      peerId: ann.peerId,
      userId: "ann",
      source: "mic",
      reason: "closed",
    });
    // mediasoup closes the producer's consumers, and the server hears of each.
    await waitForEvent(
      events,
      eventOf("consumer-closed", { consumerId: consumer.id, peerId: bob.peerId, producerId: mic }),
    );
    expect(await client.stats("class-a")).toMatchObject({ producers: 0, consumers: 0 });
  });

  it("refuses to consume with capabilities that cannot receive the producer, or on a send transport", async () => {
    const { client } = await startMedia();
    const ann = peer("ann");
    const sender = await joinWithTransport(client, "class-a", ann, "send");
    const mic = await publish(client, "class-a", ann.peerId, sender.transportId);
    const bob = peer("bob");
    const receiver = await joinWithTransport(client, "class-a", bob, "recv");

    const videoOnly = {
      codecs: [{ kind: "video", mimeType: "video/VP8", clockRate: 90_000, preferredPayloadType: 96 }],
    };
    await expectMediaError(
      client.consume("class-a", bob.peerId, {
        transportId: receiver.transportId,
        producerId: mic,
        rtpCapabilities: videoOnly,
      }),
      "invalid_payload",
    );
    await expectMediaError(
      client.consume("class-a", ann.peerId, {
        transportId: sender.transportId,
        producerId: mic,
        rtpCapabilities: receiver.rtpCapabilities,
      }),
      "invalid_payload",
    );
  });

  it("sets the preferred layers of a simulcast consumer only", async () => {
    const { client } = await startMedia();
    const ann = peer("ann");
    const bob = peer("bob");
    const sender = await joinWithTransport(client, "class-a", ann, "send");
    const camera = await publish(client, "class-a", ann.peerId, sender.transportId, "camera");
    const mic = await publish(client, "class-a", ann.peerId, sender.transportId, "mic");
    const receiver = await joinWithTransport(client, "class-a", bob, "recv");
    const consume = (producerId: string) =>
      client.consume("class-a", bob.peerId, {
        transportId: receiver.transportId,
        producerId,
        rtpCapabilities: receiver.rtpCapabilities,
      });

    const video = await consume(camera);
    expect(video).toMatchObject({ kind: "video", source: "camera" });
    await client.setConsumerLayers("class-a", bob.peerId, video.id, { spatialLayer: 1, temporalLayer: 0 });
    const audio = await consume(mic);
    await expectMediaError(
      client.setConsumerLayers("class-a", bob.peerId, audio.id, { spatialLayer: 1 }),
      "invalid_payload",
    );
  });

  it("closes a leaving peer's media with reason peer-left, and leave is idempotent", async () => {
    const { client, events } = await startMedia();
    const { ann, mic, consumer } = await annMicToBob(client);

    await client.leave("class-a", ann.peerId);
    await client.leave("class-a", ann.peerId);
    await client.leave("class-gone", ann.peerId);
    expect(await waitForEvent(events, eventOf("producer-closed", { producerId: mic }))).toMatchObject({
      reason: "peer-left",
    });
    await waitForEvent(events, eventOf("consumer-closed", { consumerId: consumer.id }));
    expect(await client.stats("class-a")).toMatchObject({ peers: 1, producers: 0, consumers: 0 });
    await expectMediaError(client.createTransport("class-a", ann.peerId, "send"), "not_found");
  });

  it("tells no one about a leaving peer's own consumers", async () => {
    const { client, events } = await startMedia();
    const { ann, bob, mic, consumer } = await annMicToBob(client);

    await client.leave("class-a", bob.peerId);
    expect(await client.stats("class-a")).toMatchObject({ peers: 1, consumers: 0 });
    // Events come in the order the media node publishes them: Ann's leaving marks the end.
    await client.leave("class-a", ann.peerId);
    await waitForEvent(events, eventOf("producer-closed", { producerId: mic }));
    expect(events.filter((e) => e.type === "consumer-closed" && e.consumerId === consumer.id)).toEqual([]);
  });
});
