import { expect, it } from "vitest";
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

it("closes the peers of a server node that stopped beating, and only theirs", async () => {
  const prefix = uniquePrefix();
  await startNode({ prefix, peerLeaseMs: 1_500 });
  const alive = await startClient({ prefix, heartbeatMs: 200 });
  const doomed = await startClient({ prefix, heartbeatMs: 200 });
  const ann = peer("ann");
  const bob = peer("bob");
  const annSender = await joinWithTransport(alive.client, "class-a", ann, "send");
  const annMic = await publish(alive.client, "class-a", ann.peerId, annSender.transportId);
  const bobSender = await joinWithTransport(doomed.client, "class-a", bob, "send");
  const bobMic = await publish(doomed.client, "class-a", bob.peerId, bobSender.transportId);

  // Bob's server node dies: it sends no leave, and its heartbeats stop.
  await doomed.client.close();
  const closed = await waitForEvent(alive.events, eventOf("producer-closed", { producerId: bobMic }), 10_000);
  expect(closed).toMatchObject({ peerId: bob.peerId, reason: "peer-left" });
  expect(await alive.client.stats("class-a")).toMatchObject({ peers: 1, producers: 1 });

  // Ann's node keeps beating: well past the lease, her microphone is still there.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect(alive.events.some(eventOf("producer-closed", { producerId: annMic }))).toBe(false);
  expect(await alive.client.stats("class-a")).toMatchObject({ peers: 1, producers: 1 });
});
