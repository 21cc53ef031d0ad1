import { describe, expect, it } from "vitest";
import { peer } from "./testing/fixtures";
import { expectMediaError, publish, startMedia } from "./testing/harness";

describe("transport and producer limits", () => {
  it("gives a peer one transport per direction and one producer per source, also to concurrent requests", async () => {
    const { client } = await startMedia();
    const ann = peer("ann");
    await client.join("class-a", ann);
    const sends = await Promise.allSettled(
      Array.from({ length: 20 }, () => client.createTransport("class-a", ann.peerId, "send")),
    );
    const created = sends.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(created).toHaveLength(1);
    for (const r of sends) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "limit_reached" });
    await client.createTransport("class-a", ann.peerId, "recv");
    await expectMediaError(client.createTransport("class-a", ann.peerId, "recv"), "limit_reached");
    expect(await client.stats("class-a")).toMatchObject({ transports: 2 });

    const transportId = created[0]!.id;
    const cameras = await Promise.allSettled(
      Array.from({ length: 10 }, () => publish(client, "class-a", ann.peerId, transportId, "camera")),
    );
    expect(cameras.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    await publish(client, "class-a", ann.peerId, transportId, "mic");
    expect(await client.stats("class-a")).toMatchObject({ producers: 2 });

    // Closing the camera frees its source; leaving frees the transports for a new peer of the same socket.
    const [camera] = cameras.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    await client.closeProducer("class-a", ann.peerId, camera!);
    await publish(client, "class-a", ann.peerId, transportId, "camera");
    await client.leave("class-a", ann.peerId);
    await client.join("class-a", ann);
    await client.createTransport("class-a", ann.peerId, "send");
  });

  it("refuses transports past the class's and the node's budgets, and gives them back when they close", async () => {
    const { client } = await startMedia({ maxTransportsPerClass: 3, maxTransportsPerNode: 4 });
    const [ann, bob, carl] = [peer("ann"), peer("bob"), peer("carl")];
    for (const who of [ann, bob]) await client.join("class-a", who);
    await client.createTransport("class-a", ann.peerId, "send");
    await client.createTransport("class-a", ann.peerId, "recv");
    await client.createTransport("class-a", bob.peerId, "recv");
    await expectMediaError(client.createTransport("class-a", bob.peerId, "send"), "limit_reached");
    expect(await client.stats("class-a")).toMatchObject({ transports: 3 });

    // Another class has its own budget but shares the node's: one more fits, then none.
    await client.join("class-b", carl);
    await client.createTransport("class-b", carl.peerId, "send");
    await expectMediaError(client.createTransport("class-b", carl.peerId, "recv"), "limit_reached");
    expect(await client.stats("class-b")).toMatchObject({ transports: 1 });

    // Ann leaves: her two transports go back to both budgets.
    await client.leave("class-a", ann.peerId);
    await client.createTransport("class-a", bob.peerId, "send");
    await client.createTransport("class-b", carl.peerId, "recv");
    // A closed class gives back all of its transports to the node.
    await client.closeClass("class-a");
    await client.join("class-c", ann);
    await client.createTransport("class-c", ann.peerId, "send");
    await client.createTransport("class-c", ann.peerId, "recv");
  });
});
