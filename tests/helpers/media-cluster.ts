import { setTimeout as sleep } from "node:timers/promises";
import type { MediaNodeEntry } from "@chalkline/shared";
import { afterAll, beforeAll } from "vitest";
import { api, type ClientSocket, type TestAccount } from "./clients";
import { loginDemo, newClusterNames, startCluster, stopAll } from "./cluster";
import { joinWithSendTransport, OPUS_RTP, ok } from "./live-client";
import { type MediaNodeHandle, startMediaNode } from "./media";
import { type ClassFixture, classWithLearners, ROOMY_LIMITS } from "./rooms";
import type { ServerNodeHandle } from "./server";

/**
 * Server nodes and two media nodes ("media-a", "media-b", each with its own RTC port range) on one
 * key prefix, with a class, its learners and the demo admin. `serverEnv` sets the server nodes'
 * placement (MEDIA_NODE_MAX_CONSUMERS); `mediaEnv` both media nodes'.
 */
export function twoMediaNodes(
  opts: {
    servers?: number;
    learners?: number;
    serverEnv?: Record<string, string>;
    mediaEnv?: Record<string, string>;
  } = {},
) {
  const cluster = {} as {
    nodes: ServerNodeHandle[];
    media: Record<"media-a" | "media-b", MediaNodeHandle>;
    fixture: ClassFixture;
    admin: TestAccount;
  };
  beforeAll(async () => {
    const names = newClusterNames();
    const start = (nodeId: string, rtcMinPort: number) =>
      startMediaNode({
        keyPrefix: names.keyPrefix,
        env: {
          MEDIA_NODE_ID: nodeId,
          RTC_MIN_PORT: String(rtcMinPort),
          RTC_MAX_PORT: String(rtcMinPort + 999),
          ...opts.mediaEnv,
        },
      });
    const [a, b] = await Promise.all([start("media-a", 43_000), start("media-b", 44_000)]);
    cluster.media = { "media-a": a, "media-b": b };
    cluster.nodes = await startCluster(opts.servers ?? 1, { ...ROOMY_LIMITS, ...opts.serverEnv }, names);
    cluster.fixture = await classWithLearners(cluster.nodes[0]!.url, opts.learners ?? 2);
    cluster.admin = await loginDemo(cluster.nodes[0]!.url, "admin");
  }, 180_000);
  afterAll(async () => {
    await stopAll(cluster.nodes ?? []);
    await Promise.all(Object.values(cluster.media ?? {}).map((m) => m.kill("SIGKILL")));
  });
  return cluster;
}

/** The media nodes as the admin route lists them. */
export async function mediaNodes(baseUrl: string, admin: TestAccount): Promise<MediaNodeEntry[]> {
  const answer = await api<{ nodes: MediaNodeEntry[] }>(baseUrl, "GET", "/api/admin/media-nodes", {
    token: admin.accessToken,
  });
  if (answer.status !== 200) throw new Error(`media nodes: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.nodes;
}

/** Polls the registry (entries renew every two seconds) until `fits` holds; returns the nodes then. */
export async function untilNodes(
  baseUrl: string,
  admin: TestAccount,
  fits: (nodes: MediaNodeEntry[]) => boolean,
  timeoutMs = 10_000,
): Promise<MediaNodeEntry[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const nodes = await mediaNodes(baseUrl, admin);
    if (fits(nodes)) return nodes;
    if (Date.now() > deadline) throw new Error(`media nodes never fit: ${JSON.stringify(nodes)}`);
    await sleep(200);
  }
}

/** The instructor joins the class's media and publishes a microphone; returns its producer id. */
export async function publishMic(socket: ClientSocket, roomId: string): Promise<string> {
  const host = await joinWithSendTransport(socket, roomId);
  const produced = ok(
    await socket.emitWithAck("live:produce", {
      roomId,
      transportId: host.transportId,
      kind: "audio",
      source: "mic",
      rtpParameters: OPUS_RTP,
    }),
  );
  return produced.producerId;
}

/** A learner joins the class's media and consumes `producerId` (or the first producer it is told of). */
export async function joinAndConsume(socket: ClientSocket, roomId: string, producerId?: string) {
  ok(await socket.emitWithAck("room:join", { roomId }));
  const joined = ok(await socket.emitWithAck("live:join", { roomId }));
  const recv = ok(await socket.emitWithAck("live:transport:create", { roomId, direction: "recv" }));
  const target = producerId ?? joined.producers[0]?.producerId;
  if (!target) throw new Error("no producer to consume");
  const consumer = ok(
    await socket.emitWithAck("live:consume", {
      roomId,
      transportId: recv.id,
      producerId: target,
      rtpCapabilities: joined.routerRtpCapabilities as Record<string, unknown>,
    }),
  );
  return { joined, consumer };
}
