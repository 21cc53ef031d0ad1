import { setTimeout as sleep } from "node:timers/promises";
import type { AttendanceList } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api, type ClientSocket, connectSocket, nextEvent } from "../helpers/clients";
import { joinWithSendTransport, OPUS_RTP, ok } from "../helpers/live-client";
import { classCluster } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const cluster = classCluster(2, 3, undefined, { media: 1 });

async function connect(node: ServerNodeHandle, token: string): Promise<ClientSocket> {
  return (await connectSocket(node.url, token)).socket;
}

it("stores each learner's joins and leaves, and the minutes they add up to", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const { roomId, instructor, learners } = cluster.fixture;
  const [ada, bea, cem] = learners as [(typeof learners)[0], (typeof learners)[0], (typeof learners)[0]];

  const scheduled = await api(a.url, "POST", `/api/rooms/${roomId}/live-classes`, {
    token: instructor.accessToken,
    body: { title: "Loops", scheduledAt: new Date().toISOString(), durationMinutes: 45 },
  });
  expect(scheduled.status).toBe(201);
  const refused = await api(a.url, "POST", `/api/rooms/${roomId}/live-classes`, {
    token: ada.accessToken,
    body: { title: "Mine", scheduledAt: new Date().toISOString(), durationMinutes: 45 },
  });
  expect(refused.status).toBe(403);

  const teacher = await connect(a, instructor.accessToken);
  const state = ok(await teacher.emitWithAck("live:start", { roomId, liveClassId: scheduled.body.id }));
  expect(state.liveClass).toMatchObject({ id: scheduled.body.id, title: "Loops", status: "live" });
  // Starting again answers the same class; two starts never make two classes.
  const again = await Promise.all([
    teacher.emitWithAck("live:start", { roomId }),
    teacher.emitWithAck("live:start", { roomId, liveClassId: scheduled.body.id }),
  ]);
  expect(again.map((r) => ok(r).liveClass?.id)).toEqual([scheduled.body.id, scheduled.body.id]);
  ok(await teacher.emitWithAck("live:join", { roomId }));

  // Ada stays throughout; Bea joins twice (on two nodes); Cem never comes.
  const adaSocket = await connect(b, ada.accessToken);
  ok(await adaSocket.emitWithAck("live:join", { roomId }));
  const beaSocket = await connect(a, bea.accessToken);
  ok(await beaSocket.emitWithAck("live:join", { roomId }));
  await sleep(300);
  ok(await beaSocket.emitWithAck("live:leave", { roomId }));
  beaSocket.close();
  const beaAgain = await connect(b, bea.accessToken);
  ok(await beaAgain.emitWithAck("live:join", { roomId }));
  await sleep(300);
  beaAgain.close(); // a disconnect is a leave too

  await sleep(300);
  const ended = ok(await teacher.emitWithAck("live:end", { roomId }));
  expect(ended.open).toBe(false);

  const answer = await api<AttendanceList>(a.url, "GET", `/api/live-classes/${scheduled.body.id}/attendance`, {
    token: instructor.accessToken,
  });
  expect(answer.status).toBe(200);
  expect(answer.body.liveClass).toMatchObject({ status: "ended" });
  const of = (id: string) => answer.body.attendance.find((r) => r.user.id === id);
  expect(of(cem.user.id)).toBeUndefined();
  expect(of(ada.user.id)?.intervals).toHaveLength(1);
  // Ended with the class, not left open.
  expect(of(ada.user.id)?.intervals[0]?.leftAt).toBe(answer.body.liveClass.endedAt);
  const beaIntervals = of(bea.user.id)?.intervals ?? [];
  expect(beaIntervals).toHaveLength(2);
  expect(beaIntervals.every((i) => i.leftAt !== null && i.leftAt < answer.body.liveClass.endedAt!)).toBe(true);
  const spanMinutes = (i: { joinedAt: string; leftAt: string | null }) =>
    (Date.parse(i.leftAt!) - Date.parse(i.joinedAt)) / 60_000;
  expect(of(bea.user.id)?.totalMinutes).toBeCloseTo(
    beaIntervals.map(spanMinutes).reduce((x, y) => x + y),
    1,
  );
  expect(of(ada.user.id)!.totalMinutes).toBeGreaterThanOrEqual(of(bea.user.id)!.totalMinutes);

  const forLearner = await api(a.url, "GET", `/api/live-classes/${scheduled.body.id}/attendance`, {
    token: ada.accessToken,
  });
  expect(forLearner.status).toBe(403);
  const list = await api(b.url, "GET", `/api/rooms/${roomId}/live-classes`, { token: ada.accessToken });
  expect(list.body.liveClasses[0]).toMatchObject({ id: scheduled.body.id, status: "ended" });
  for (const s of [teacher, adaSocket]) s.close();
});

it("when a mediasoup worker dies, a new one takes over and clients rejoin and publish again", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const { roomId, instructor, learners } = cluster.fixture;
  const teacher = await connect(a, instructor.accessToken);
  const learner = await connect(b, learners[0]!.accessToken);
  ok(await teacher.emitWithAck("live:start", { roomId }));
  const host = await joinWithSendTransport(teacher, roomId);
  ok(await learner.emitWithAck("live:join", { roomId }));
  ok(
    await teacher.emitWithAck("live:produce", {
      roomId,
      transportId: host.transportId,
      kind: "audio",
      source: "mic",
      rtpParameters: OPUS_RTP,
    }),
  );

  const [worker] = cluster.media!.workerPids();
  expect(worker).toBeDefined();
  const rejoins = [nextEvent(teacher, "live:rejoin", 15_000), nextEvent(learner, "live:rejoin", 15_000)];
  process.kill(worker!, "SIGKILL");
  await expect(Promise.all(rejoins)).resolves.toEqual([
    { roomId, reason: "media-restarted" },
    { roomId, reason: "media-restarted" },
  ]);

  // The replacement worker serves the class again.
  let rejoined: Awaited<ReturnType<typeof joinWithSendTransport>> | undefined;
  for (let attempt = 0; !rejoined; attempt++) {
    rejoined = await joinWithSendTransport(teacher, roomId).catch(async (error: unknown) => {
      if (attempt > 60) throw error;
      await sleep(250);
      return undefined;
    });
  }
  expect(cluster.media!.workerPids()).not.toContain(worker);
  const seen = ok(await learner.emitWithAck("live:join", { roomId }));
  const added = nextEvent(learner, "live:producer-added");
  const { producerId } = ok(
    await teacher.emitWithAck("live:produce", {
      roomId,
      transportId: rejoined.transportId,
      kind: "audio",
      source: "mic",
      rtpParameters: OPUS_RTP,
    }),
  );
  await expect(added).resolves.toMatchObject({ producerId });
  const recv = ok(await learner.emitWithAck("live:transport:create", { roomId, direction: "recv" }));
  const consumer = ok(
    await learner.emitWithAck("live:consume", {
      roomId,
      transportId: recv.id,
      producerId,
      rtpCapabilities: seen.routerRtpCapabilities as Record<string, unknown>,
    }),
  );
  expect(consumer.producerId).toBe(producerId);
  ok(await teacher.emitWithAck("live:end", { roomId }));
  for (const s of [teacher, learner]) s.close();
});

it("a producer of another room is not found in this one", async () => {
  const [a] = cluster.nodes as [ServerNodeHandle];
  const { roomId, instructor, learners, course } = cluster.fixture;
  const owner = learners[1]!;
  const study = await api(a.url, "POST", "/api/rooms/study", {
    token: owner.accessToken,
    body: { name: "Side room", memberLimit: 4, courseId: course.id },
  });
  const ownerSocket = await connect(a, owner.accessToken);
  const inStudy = await joinWithSendTransport(ownerSocket, study.body.id);
  expect(inStudy.joined.permissions.mic).toBe(true);
  const { producerId } = ok(
    await ownerSocket.emitWithAck("live:produce", {
      roomId: study.body.id,
      transportId: inStudy.transportId,
      kind: "audio",
      source: "mic",
      rtpParameters: OPUS_RTP,
    }),
  );

  const teacher = await connect(a, instructor.accessToken);
  ok(await teacher.emitWithAck("live:start", { roomId }));
  const joined = ok(await teacher.emitWithAck("live:join", { roomId }));
  const recv = ok(await teacher.emitWithAck("live:transport:create", { roomId, direction: "recv" }));
  expect(
    await teacher.emitWithAck("live:consume", {
      roomId,
      transportId: recv.id,
      producerId,
      rtpCapabilities: joined.routerRtpCapabilities as Record<string, unknown>,
    }),
  ).toMatchObject({ ok: false, error: { code: "not_found" } });
  // The study room's transport named in the class room is not found either.
  expect(
    await ownerSocket.emitWithAck("live:transport:connect", {
      roomId,
      transportId: inStudy.transportId,
      dtlsParameters: { role: "client", fingerprints: [] },
    }),
  ).toMatchObject({ ok: false });
  ok(await teacher.emitWithAck("live:end", { roomId }));
  for (const s of [teacher, ownerSocket]) s.close();
});
