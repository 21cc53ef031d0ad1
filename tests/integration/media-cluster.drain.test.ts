import { expect, it } from "vitest";
import { api, type ClientSocket, connectSocket, nextEvent } from "../helpers/clients";
import { ok } from "../helpers/live-client";
import { joinAndConsume, mediaNodes, publishMic, twoMediaNodes, untilNodes } from "../helpers/media-cluster";

const cluster = twoMediaNodes({
  learners: 1,
  mediaEnv: { MEDIA_DRAIN_ON_SIGTERM: "true", MEDIA_DRAIN_TIMEOUT_MS: "10000" },
});

const drain = (nodeId: string, draining: boolean) =>
  api(cluster.nodes[0]!.url, "PUT", `/api/admin/media-nodes/${nodeId}/draining`, {
    token: cluster.admin.accessToken,
    body: { draining },
  });

/** The registry shows the class's transports on `on` only. */
const holds = (on: string) => (nodes: { nodeId: string; transports: number }[]) =>
  nodes.every((n) => (n.nodeId === on ? n.transports > 0 : n.transports === 0));

it("a drained media node takes no new class; its classes move off when they rejoin, and SIGTERM moves them at once", async () => {
  const url = cluster.nodes[0]!.url;
  const { roomId, instructor, learners } = cluster.fixture;
  const connect = async (token: string): Promise<ClientSocket> => (await connectSocket(url, token)).socket;

  // Only admins see and drain media nodes.
  const learnerAsks = await api(url, "GET", "/api/admin/media-nodes", { token: learners[0]!.accessToken });
  expect(learnerAsks.status).toBe(403);
  expect((await drain("media-z", true)).status).toBe(404);
  expect((await drain("media-a", true)).status).toBe(200);
  expect((await mediaNodes(url, cluster.admin)).find((n) => n.nodeId === "media-a")?.draining).toBe(true);

  // The new class avoids the drained node.
  const teacher = await connect(instructor.accessToken);
  ok(await teacher.emitWithAck("live:start", { roomId }));
  await publishMic(teacher, roomId);
  await untilNodes(url, cluster.admin, holds("media-b"));

  // Now media-b drains: the class stays until its peers rejoin, then moves to media-a.
  expect((await drain("media-a", false)).status).toBe(200);
  expect((await drain("media-b", true)).status).toBe(200);
  ok(await teacher.emitWithAck("live:leave", { roomId }));
  const mic = await publishMic(teacher, roomId);
  const learner = await connect(learners[0]!.accessToken);
  await joinAndConsume(learner, roomId, mic);
  await untilNodes(url, cluster.admin, holds("media-a"));

  // SIGTERM with MEDIA_DRAIN_ON_SIGTERM: media-a sends its class away and exits once it is empty.
  expect((await drain("media-b", false)).status).toBe(200);
  const rejoins = [teacher, learner].map((s) => nextEvent(s, "live:rejoin", 10_000));
  const exited = cluster.media["media-a"].stop();
  await expect(Promise.all(rejoins)).resolves.toEqual([1, 2].map(() => ({ roomId, reason: "media-restarted" })));
  for (const s of [teacher, learner]) ok(await s.emitWithAck("live:leave", { roomId }));
  const again = await publishMic(teacher, roomId);
  await joinAndConsume(learner, roomId, again);
  expect(await exited).toBe(0);
  await untilNodes(url, cluster.admin, (nodes) => nodes.length === 1 && holds("media-b")(nodes));

  ok(await teacher.emitWithAck("live:end", { roomId }));
  for (const s of [teacher, learner]) s.close();
});
