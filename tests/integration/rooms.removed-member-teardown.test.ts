import { MediaClient, openRedis, type RedisClient } from "@chalkline/media";
import { COLLAB_CLOSE } from "@chalkline/shared";
import { afterAll, beforeAll, expect, inject, it, onTestFailed } from "vitest";
import { type ClientSocket, connectSocket, nextEvent, type TestAccount } from "../helpers/clients";
import { loginDemo } from "../helpers/cluster";
import { CollabClient, collabTicket, roomDocs } from "../helpers/collab-client";
import { grant } from "../helpers/ledger";
import { joinWithSendTransport, OPUS_RTP, ok } from "../helpers/live-client";
import { addQuizLesson } from "../helpers/live-quiz";
import { classCluster, ROOMY_LIMITS } from "../helpers/rooms";

// Two server nodes and a media node; the member to remove has sockets and documents on both nodes.
const cluster = classCluster(2, 2, ROOMY_LIMITS, { media: 1 });
let lessonId: string;
let docId: string;
let media: MediaClient;
const redis: RedisClient[] = [];
const sockets: ClientSocket[] = [];
const editors: CollabClient[] = [];

beforeAll(async () => {
  const { instructor, course, roomId, learners } = cluster.fixture;
  lessonId = await addQuizLesson(cluster.nodes[0]!.url, instructor, course.id);
  docId = (await roomDocs(cluster.nodes[0]!.url, roomId, learners[0]!.accessToken)).find((d) => d.kind === "code")!.id;
  // The test's own handle on the media node, to see its peers and consumers.
  const { redisUrl } = inject("services");
  redis.push(openRedis(redisUrl), openRedis(redisUrl, { pubsub: true }));
  media = await MediaClient.create({
    redis: redis[0]!,
    subscriber: redis[1]!,
    prefix: `${cluster.names.keyPrefix}:`,
    nodeId: "teardown-test",
  });
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  for (const editor of editors) editor.destroy();
  await media?.close();
  for (const r of redis) r.disconnect();
});

async function connect(node: number, account: TestAccount): Promise<ClientSocket> {
  const { socket } = await connectSocket(cluster.nodes[node]!.url, account.accessToken);
  sockets.push(socket);
  ok(await socket.emitWithAck("room:join", { roomId: cluster.fixture.roomId }));
  return socket;
}

function edit(node: number, account: TestAccount): CollabClient {
  const editor = new CollabClient(cluster.nodes[node]!.url, docId, account.accessToken);
  editors.push(editor);
  return editor;
}

/** Every live, live-quiz and leaderboard event `socket` receives from now on. */
function roomEvents(socket: ClientSocket): string[] {
  const seen: string[] = [];
  socket.onAny((event: string) => {
    if (/^(live|live-quiz|leaderboard):/.test(event)) seen.push(event);
  });
  return seen;
}

it("a removed member stops receiving the class's media, quiz, boards and documents on every node", {
  timeout: 90_000,
}, async () => {
  onTestFailed(() => {
    for (const node of cluster.nodes) console.log(`--- ${node.serverId} ---\n${node.logs().slice(-4_000)}`);
  });
  const { roomId, instructor, learners } = cluster.fixture;
  const [ada, bea] = learners as [TestAccount, TestAccount];
  const teacher = await connect(0, instructor);
  const adaOnA = await connect(0, ada);
  const adaOnB = await connect(1, ada);
  const beaOnA = await connect(0, bea);

  // The class is live: the instructor speaks, Ada (on node B) listens and, on stage, speaks too.
  ok(await teacher.emitWithAck("live:start", { roomId }));
  const host = await joinWithSendTransport(teacher, roomId);
  const produceMic = (socket: ClientSocket, transportId: string) =>
    socket.emitWithAck("live:produce", { roomId, transportId, kind: "audio", source: "mic", rtpParameters: OPUS_RTP });
  const teacherMic = ok(await produceMic(teacher, host.transportId)).producerId;
  ok(await beaOnA.emitWithAck("live:join", { roomId }));
  const adaMedia = await joinWithSendTransport(adaOnB, roomId);
  const recv = ok(await adaOnB.emitWithAck("live:transport:create", { roomId, direction: "recv" }));
  const rtpCapabilities = adaMedia.joined.routerRtpCapabilities as Record<string, unknown>;
  ok(
    await adaOnB.emitWithAck("live:consume", { roomId, transportId: recv.id, producerId: teacherMic, rtpCapabilities }),
  );
  ok(await teacher.emitWithAck("live:stage", { roomId, userId: ada.user.id, onStage: true }));
  const adaMic = ok(await produceMic(adaOnB, adaMedia.transportId)).producerId;
  expect(await media.stats(roomId)).toMatchObject({ peers: 3, consumers: 1 });

  // A live quiz both learners follow (Ada from node A), and the class's board both watch.
  const quiz = ok(await teacher.emitWithAck("live-quiz:launch", { roomId, lessonId, secondsPerQuestion: 30 }));
  ok(await adaOnA.emitWithAck("live-quiz:state", { roomId }));
  ok(await beaOnA.emitWithAck("live-quiz:state", { roomId }));
  const board = { scope: "class" as const, scopeId: roomId, period: "week" as const };
  ok(await adaOnA.emitWithAck("leaderboard:watch", board));
  ok(await beaOnA.emitWithAck("leaderboard:watch", board));

  // Ada edits the room's code file from both nodes; Bea from one.
  const adaEditors = [edit(0, ada), edit(1, ada)];
  const beaEditor = edit(0, bea);
  await Promise.all([...adaEditors, beaEditor].map((e) => e.synced()));
  const adaDocsClosed = adaEditors.map((e) => e.closed());

  const producerClosed = nextEvent(beaOnA, "live:producer-closed");
  ok(await teacher.emitWithAck("mod:remove", { roomId, userId: ada.user.id }));

  // Her media peer is gone from the media node, with its producer, transports and consumer.
  await expect(producerClosed).resolves.toMatchObject({ producerId: adaMic, userId: ada.user.id });
  let stats = await media.stats(roomId);
  for (const deadline = Date.now() + 5_000; stats.peers !== 2 && Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 100));
    stats = await media.stats(roomId);
  }
  expect(stats).toMatchObject({ peers: 2, producers: 1, consumers: 0 });

  // Her document connections close on both nodes, told why; Bea keeps editing.
  await expect(Promise.all(adaDocsClosed)).resolves.toEqual([COLLAB_CLOSE.removed, COLLAB_CLOSE.removed]);
  expect(beaEditor.provider.wsconnected).toBe(true);
  expect((await collabTicket(cluster.nodes[1]!.url, docId, ada.accessToken)).status).toBe(403);

  // From here on, the class's quiz and board move for Bea and never reach Ada.
  const adaSaw = [roomEvents(adaOnA), roomEvents(adaOnB)];
  const asked = nextEvent(beaOnA, "live-quiz:question");
  ok(await teacher.emitWithAck("live-quiz:next", { roomId, sessionId: quiz.sessionId }));
  await asked;
  const revealed = nextEvent(beaOnA, "live-quiz:reveal");
  ok(await teacher.emitWithAck("live-quiz:reveal", { roomId, sessionId: quiz.sessionId }));
  await revealed;
  const pushed = nextEvent(beaOnA, "leaderboard:updated");
  const admin = await loginDemo(cluster.nodes[0]!.url, "admin");
  const award = { userId: bea.user.id, reason: "lesson_completed" as const, key: `teardown:${roomId}`, roomId };
  expect((await grant(cluster.nodes[0]!.url, admin.accessToken, award)).status).toBe(201);
  await pushed;
  // What reaches Bea has had time to reach Ada too, on either node.
  await new Promise((r) => setTimeout(r, 1_000));
  expect(adaSaw).toEqual([[], []]);

  // And her sockets cannot take any of it back.
  expect(await adaOnB.emitWithAck("live:join", { roomId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
  expect(await adaOnA.emitWithAck("leaderboard:watch", board)).toMatchObject({ ok: false });
  expect(await adaOnA.emitWithAck("live-quiz:state", { roomId })).toMatchObject({ ok: false });
});
