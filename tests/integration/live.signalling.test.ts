import { expect, it } from "vitest";
import { type ClientSocket, connectSocket, nextEvent, registerUser } from "../helpers/clients";
import { joinWithSendTransport, OPUS_RTP, ok, VP8_RTP } from "../helpers/live-client";
import { classCluster } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

// Two server nodes, one media node: signalling for a class goes through whichever node a client is on.
const cluster = classCluster(2, 3, undefined, { media: 1 });
const sockets: ClientSocket[] = [];

async function connect(node: ServerNodeHandle, token: string): Promise<ClientSocket> {
  const { socket } = await connectSocket(node.url, token);
  sockets.push(socket);
  return socket;
}

it("runs a class: only the instructor and learners on stage publish, and every id is checked", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const { roomId, instructor, learners } = cluster.fixture;
  const [ada, bea] = learners as [(typeof learners)[0], (typeof learners)[0]];
  const teacher = await connect(a, instructor.accessToken);
  const learner = await connect(b, ada.accessToken);
  const watcher = await connect(a, bea.accessToken);

  // Before the class starts, the media is closed: nothing to load, nothing to publish.
  ok(await learner.emitWithAck("room:join", { roomId }));
  const waiting = ok(await learner.emitWithAck("live:join", { roomId }));
  expect(waiting).toMatchObject({ routerRtpCapabilities: null, state: { open: false } });
  expect(await learner.emitWithAck("live:transport:create", { roomId, direction: "recv" })).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });
  expect(await learner.emitWithAck("live:start", { roomId })).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });

  const opened = nextEvent(learner, "live:state");
  const started = ok(await teacher.emitWithAck("live:start", { roomId }));
  expect(started).toMatchObject({ open: true, liveClass: { status: "live" }, hostIds: [instructor.user.id] });
  await expect(opened).resolves.toMatchObject({ open: true });

  const host = await joinWithSendTransport(teacher, roomId);
  expect(host.joined.permissions).toEqual({ camera: true, mic: true, screen: true });
  const added = nextEvent(watcher, "live:producer-added");
  ok(await watcher.emitWithAck("room:join", { roomId }));
  const watching = ok(await watcher.emitWithAck("live:join", { roomId }));
  const { producerId: teacherMic } = ok(
    await teacher.emitWithAck("live:produce", {
      roomId,
      transportId: host.transportId,
      kind: "audio",
      source: "mic",
      rtpParameters: OPUS_RTP,
    }),
  );
  await expect(added).resolves.toMatchObject({ producerId: teacherMic, user: { id: instructor.user.id } });

  // A learner off stage may open a send transport but not publish on it.
  const off = await joinWithSendTransport(learner, roomId);
  expect(off.joined.permissions).toEqual({ camera: false, mic: false, screen: false });
  const produce = (socket: ClientSocket, transportId: string, source: "mic" | "camera") =>
    socket.emitWithAck("live:produce", {
      roomId,
      transportId,
      kind: source === "mic" ? "audio" : "video",
      source,
      rtpParameters: source === "mic" ? OPUS_RTP : VP8_RTP,
    });
  expect(await produce(learner, off.transportId, "camera")).toMatchObject({ ok: false, error: { code: "forbidden" } });

  // Someone else's transport, producer or consumer is refused, and so is an id of no such thing here.
  expect(await produce(learner, host.transportId, "mic")).toMatchObject({ ok: false, error: { code: "forbidden" } });
  expect(
    await learner.emitWithAck("live:transport:connect", {
      roomId,
      transportId: host.transportId,
      dtlsParameters: { role: "client", fingerprints: [] },
    }),
  ).toMatchObject({ ok: false, error: { code: "forbidden" } });
  expect(await learner.emitWithAck("live:producer:close", { roomId, producerId: teacherMic })).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });
  const recv = ok(await watcher.emitWithAck("live:transport:create", { roomId, direction: "recv" }));
  const consumer = ok(
    await watcher.emitWithAck("live:consume", {
      roomId,
      transportId: recv.id,
      producerId: teacherMic,
      rtpCapabilities: watching.routerRtpCapabilities as Record<string, unknown>,
    }),
  );
  expect(consumer).toMatchObject({ producerId: teacherMic, kind: "audio", source: "mic", paused: true });
  expect(await learner.emitWithAck("live:consumer:resume", { roomId, consumerId: consumer.id })).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });
  expect(
    await watcher.emitWithAck("live:consume", {
      roomId,
      transportId: recv.id,
      producerId: "no-such-producer",
      rtpCapabilities: watching.routerRtpCapabilities as Record<string, unknown>,
    }),
  ).toMatchObject({ ok: false, error: { code: "not_found" } });
  expect(
    await learner.emitWithAck("live:produce", {
      roomId,
      transportId: off.transportId,
      kind: "audio",
      source: "camera",
      rtpParameters: OPUS_RTP,
    }),
  ).toMatchObject({ ok: false, error: { code: "invalid_payload" } });

  // On stage, the learner publishes and the others hear of it, on the other node too.
  const allowed = nextEvent(learner, "live:permissions");
  const state = ok(await teacher.emitWithAck("live:stage", { roomId, userId: ada.user.id, onStage: true }));
  expect(state.stage).toEqual([ada.user.id]);
  await expect(allowed).resolves.toMatchObject({ permissions: { camera: true, mic: true } });
  const heard = nextEvent(watcher, "live:producer-added");
  const { producerId: adaMic } = ok(await produce(learner, off.transportId, "mic"));
  await expect(heard).resolves.toMatchObject({ producerId: adaMic, user: { id: ada.user.id }, source: "mic" });
  const adaCamera = ok(await produce(learner, off.transportId, "camera")).producerId;

  // The instructor mutes her: the microphone closes for everyone; her camera stays.
  const closed = nextEvent(watcher, "live:producer-closed");
  ok(await teacher.emitWithAck("live:mute", { roomId, userId: ada.user.id }));
  await expect(closed).resolves.toMatchObject({ producerId: adaMic, reason: "muted", userId: ada.user.id });

  // A hard mute keeps her from publishing her microphone again, not her camera.
  ok(await teacher.emitWithAck("live:hard-mute", { roomId, on: true }));
  expect(await produce(learner, off.transportId, "mic")).toMatchObject({ ok: false, error: { code: "forbidden" } });
  ok(await teacher.emitWithAck("live:hard-mute", { roomId, on: false }));

  // Off stage, everything she published closes.
  const offStage = nextEvent(watcher, "live:producer-closed");
  ok(await teacher.emitWithAck("live:stage", { roomId, userId: ada.user.id, onStage: false }));
  await expect(offStage).resolves.toMatchObject({ producerId: adaCamera, reason: "muted" });

  // Ending the class closes the media: transports are gone, the state says closed.
  const ended = ok(await teacher.emitWithAck("live:end", { roomId }));
  expect(ended).toMatchObject({ open: false, liveClass: null, stage: [] });
  expect(await produce(teacher, host.transportId, "mic")).toMatchObject({ ok: false });
});

it("keeps non-members out of a room's media", async () => {
  const outsider = await registerUser(cluster.nodes[0]!.url);
  const socket = await connect(cluster.nodes[0]!, outsider.accessToken);
  expect(await socket.emitWithAck("live:join", { roomId: cluster.fixture.roomId })).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });
  expect(
    await socket.emitWithAck("live:stage", { roomId: cluster.fixture.roomId, userId: outsider.user.id, onStage: true }),
  ).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });
  expect(await socket.emitWithAck("live:join", { roomId: "not-an-id" } as never)).toMatchObject({
    ok: false,
    error: { code: "invalid_payload" },
  });
  for (const s of sockets.splice(0)) s.close();
});
