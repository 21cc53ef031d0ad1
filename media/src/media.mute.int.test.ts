import { describe, expect, it } from "vitest";
import { peer } from "./testing/fixtures";
import { eventOf, joinWithTransport, publish, startMedia, waitForEvent } from "./testing/harness";

describe("server-side mute", () => {
  it("closes the producers matching user and sources with reason muted, and their consumers", async () => {
    const { client, events } = await startMedia();
    const ann = peer("ann");
    const annPhone = peer("ann");
    const bob = peer("bob");
    const viewer = peer("viewer");
    const annSend = await joinWithTransport(client, "class-a", ann, "send");
    const phoneSend = await joinWithTransport(client, "class-a", annPhone, "send");
    const bobSend = await joinWithTransport(client, "class-a", bob, "send");
    const annMic = await publish(client, "class-a", ann.peerId, annSend.transportId, "mic");
    const annCamera = await publish(client, "class-a", ann.peerId, annSend.transportId, "camera");
    const phoneMic = await publish(client, "class-a", annPhone.peerId, phoneSend.transportId, "mic");
    const bobMic = await publish(client, "class-a", bob.peerId, bobSend.transportId, "mic");
    const receiver = await joinWithTransport(client, "class-a", viewer, "recv");
    const consumer = await client.consume("class-a", viewer.peerId, {
      transportId: receiver.transportId,
      producerId: annMic,
      rtpCapabilities: receiver.rtpCapabilities,
    });

    // Ann's microphones, on both of her sockets; her camera and Bob stay.
    const muted = await client.closeProducers("class-a", { userId: "ann", sources: ["mic"] });
    expect(muted.sort()).toEqual([annMic, phoneMic].sort());
    for (const producerId of muted) {
      const closed = await waitForEvent(events, eventOf("producer-closed", { producerId }));
      expect(closed).toMatchObject({ userId: "ann", source: "mic", reason: "muted" });
    }
    await waitForEvent(events, eventOf("consumer-closed", { consumerId: consumer.id, producerId: annMic }));
    expect(await client.stats("class-a")).toMatchObject({ producers: 2, consumers: 0 });
    expect(await client.closeProducers("class-a", { userId: "ann", sources: ["mic"] })).toEqual([]);

    // Every microphone of the class.
    expect(await client.closeProducers("class-a", { sources: ["mic"] })).toEqual([bobMic]);
    // Everything.
    expect(await client.closeProducers("class-a", {})).toEqual([annCamera]);
    await waitForEvent(
      events,
      eventOf("producer-closed", { producerId: annCamera, source: "camera", reason: "muted" }),
    );
    expect(await client.stats("class-a")).toMatchObject({ producers: 0 });
  });
});
