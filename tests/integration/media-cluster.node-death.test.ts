import { expect, it } from "vitest";
import { type ClientSocket, connectSocket, nextEvent } from "../helpers/clients";
import { ok } from "../helpers/live-client";
import { joinAndConsume, publishMic, twoMediaNodes, untilNodes } from "../helpers/media-cluster";

// One consumer fills a media node, so the second learner is placed on the other one.
const cluster = twoMediaNodes({ learners: 2, serverEnv: { MEDIA_NODE_MAX_CONSUMERS: "1" } });

it("a media node killed during a class: its peers rejoin and get media from the survivor within 15 s", async () => {
  const [server] = cluster.nodes;
  const url = server!.url;
  const { roomId, instructor, learners } = cluster.fixture;
  const connect = async (token: string): Promise<ClientSocket> => (await connectSocket(url, token)).socket;
  const teacher = await connect(instructor.accessToken);
  const ada = await connect(learners[0]!.accessToken);
  const bea = await connect(learners[1]!.accessToken);

  ok(await teacher.emitWithAck("live:start", { roomId }));
  const mic = await publishMic(teacher, roomId);
  await joinAndConsume(ada, roomId, mic);
  const loaded = await untilNodes(url, cluster.admin, (nodes) => nodes.some((n) => n.consumers >= 1));
  const origin = loaded.find((n) => n.consumers >= 1)!.nodeId as "media-a" | "media-b";
  const survivor = origin === "media-a" ? "media-b" : "media-a";

  // Bea lands on the other node, and Ada's teacher's microphone is piped to her.
  const piped = await joinAndConsume(bea, roomId, mic);
  expect(piped.consumer.producerId).toBe(mic);
  await untilNodes(url, cluster.admin, (nodes) => nodes.find((n) => n.nodeId === survivor)!.consumers >= 1);

  const rejoins = [teacher, ada, bea].map((s) => nextEvent(s, "live:rejoin", 15_000));
  const killedAt = Date.now();
  await cluster.media[origin].kill("SIGKILL");
  await expect(Promise.all(rejoins)).resolves.toEqual([1, 2, 3].map(() => ({ roomId, reason: "media-restarted" })));

  // Everyone rejoins as the browser does (leave, join), now on the survivor alone.
  for (const s of [teacher, ada, bea]) ok(await s.emitWithAck("live:leave", { roomId }));
  const again = await publishMic(teacher, roomId);
  const back = await Promise.all([joinAndConsume(ada, roomId, again), joinAndConsume(bea, roomId, again)]);
  const backMs = Date.now() - killedAt;
  expect(back.map((b) => b.consumer.producerId)).toEqual([again, again]);
  console.info(`media back for every peer ${backMs} ms after the node was killed`);
  expect(backMs).toBeLessThan(15_000);
  const nodes = await untilNodes(url, cluster.admin, (all) => all.length === 1);
  expect(nodes.map((n) => n.nodeId)).toEqual([survivor]);

  ok(await teacher.emitWithAck("live:end", { roomId }));
  for (const s of [teacher, ada, bea]) s.close();
});
