import { once } from "node:events";
import { type MediaReply, mediaReplySchema } from "@chalkline/shared";
import { Cluster, Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { NodeRegistry } from "./cluster/registry";
import type { RedisClient } from "./redis";
import { mediaChannels } from "./rpc/channels";
import { MediaClient } from "./rpc/client";
import { publishRequest, subscribeRequests } from "./rpc/protocol";
import { connectRedis, expectMediaError, startClient, startNode, uniquePrefix } from "./testing/harness";

/** Registers a media node that is only a name: the test itself listens on its channel. */
async function registerFakeNode(prefix: string, nodeId = "fake-node"): Promise<string> {
  const { redis } = connectRedis();
  await new NodeRegistry(redis, prefix).publish({
    nodeId,
    announcedIp: "127.0.0.1",
    draining: false,
    workers: 1,
    classes: 0,
    routers: 0,
    transports: 0,
    consumers: 0,
    cpuPercent: 0,
    beatAtMs: Date.now(),
  });
  return nodeId;
}

/** What a request channel's messages arrive as: shard messages on a cluster (see `publishRequest`). */
const requestEvent = (subscriber: RedisClient) => (subscriber instanceof Cluster ? "smessage" : "message");

describe("media request channel", () => {
  it("fails as unavailable when no media node listens, and when one does not answer in time", async () => {
    const prefix = uniquePrefix();
    const { client } = await startClient({ prefix, timeoutMs: 300 });
    await expectMediaError(client.openClass("class-a"), "unavailable");

    // A registered node listens on its channel but never answers.
    const { subscriber } = connectRedis();
    await subscribeRequests(subscriber, mediaChannels(prefix).rpc(await registerFakeNode(prefix)));
    const started = Date.now();
    await expectMediaError(client.openClass("class-a"), "unavailable");
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it("drops a reply that comes after its request timed out", async () => {
    const prefix = uniquePrefix();
    const { client } = await startClient({ prefix, timeoutMs: 300 });
    const channels = mediaChannels(prefix);
    const { redis, subscriber } = connectRedis();
    await subscribeRequests(subscriber, channels.rpc(await registerFakeNode(prefix)));
    const nextRequest = async () => {
      const [, message] = (await once(subscriber, requestEvent(subscriber))) as [string, string];
      return JSON.parse(message) as { id: string; replyTo: string };
    };
    const answer = (replyTo: string, reply: MediaReply) =>
      redis.publish(channels.reply(replyTo), JSON.stringify(reply));

    const late = nextRequest();
    await expectMediaError(client.openClass("class-a"), "unavailable");
    const timedOut = await late;

    const current = nextRequest();
    const pending = client.closeProducers("class-a", {});
    const request = await current;
    // The late reply names the first request; the second takes only its own.
    await answer(timedOut.replyTo, { id: timedOut.id, ok: false, error: { code: "internal", message: "late" } });
    await answer(request.replyTo, { id: request.id, ok: true, data: ["producer-1"] });
    expect(await pending).toEqual(["producer-1"]);
  });

  it("answers invalid_payload to malformed requests, on both ends", async () => {
    const prefix = uniquePrefix();
    const { node } = await startNode({ prefix });
    const { client } = await startClient({ prefix });

    // The client checks before sending.
    const sideways = "sideways" as "send";
    await expectMediaError(client.createTransport("class-a", "socket-1", sideways), "invalid_payload");
    await expectMediaError(client.join("class-a", { peerId: "", userId: "u", displayName: "x" }), "invalid_payload");

    // The media node checks what reaches it from elsewhere.
    const channels = mediaChannels(prefix);
    const { redis, subscriber } = connectRedis();
    await subscriber.subscribe(channels.reply("raw"));
    const send = async (request: unknown) => {
      const reply = once(subscriber, "message");
      await publishRequest(
        redis,
        channels.rpc(node.id),
        typeof request === "string" ? request : JSON.stringify(request),
      );
      const [, message] = (await reply) as [string, string];
      return mediaReplySchema.parse(JSON.parse(message));
    };
    const refusal = { ok: false, error: { code: "invalid_payload", message: expect.any(String) } };
    expect(
      await send({
        id: "r1",
        replyTo: "raw",
        method: "createTransport",
        params: { classId: "c", peerId: "p", direction: "up" },
      }),
    ).toEqual({ id: "r1", ...refusal });
    expect(await send({ id: "r2", replyTo: "raw", method: "explode", params: {} })).toEqual({ id: "r2", ...refusal });
    expect(await send({ id: "r3", replyTo: "raw", method: "openClass" })).toEqual({ id: "r3", ...refusal });
    expect(
      await send({
        id: "r4",
        replyTo: "raw",
        method: "produce",
        params: { classId: "c", peerId: "p", transportId: "t", kind: "audio", source: "mic", rtpParameters: [] },
      }),
    ).toEqual({ id: "r4", ...refusal });

    // Messages without an id or reply channel, or not JSON at all, are dropped; the node keeps answering.
    await publishRequest(redis, channels.rpc(node.id), "{not json");
    await publishRequest(
      redis,
      channels.rpc(node.id),
      JSON.stringify({ method: "openClass", params: { classId: "c" } }),
    );
    expect(await send({ id: "r5", replyTo: "raw", method: "openClass", params: { classId: "c" } })).toMatchObject({
      id: "r5",
      ok: true,
    });
  });

  it("refuses a subscriber connection with auto-pipelining", async () => {
    const { redis } = connectRedis();
    // Never connected: the check reads the options alone (a cluster connection never auto-pipelines).
    const piped = new Redis({ lazyConnect: true, enableAutoPipelining: true });
    await expect(MediaClient.create({ redis, subscriber: piped, prefix: uniquePrefix(), nodeId: "n" })).rejects.toThrow(
      /enableAutoPipelining: false/,
    );
  });
});
