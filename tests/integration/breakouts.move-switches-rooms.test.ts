import type { BreakoutSessionView } from "@chalkline/shared";
import { afterAll, expect, it } from "vitest";
import { breakoutCluster, chatText, goLive, inClass, planAndStart, roomOf, threeGroups } from "../helpers/breakouts";
import { api, type ClientSocket, nextEvent } from "../helpers/clients";
import { CollabClient, collabTicket } from "../helpers/collab-client";
import { joinWithSendTransport, OPUS_RTP, ok } from "../helpers/live-client";
import type { ServerNodeHandle } from "../helpers/server";

const cluster = breakoutCluster();
const sockets: ClientSocket[] = [];
const docs: CollabClient[] = [];
afterAll(() => {
  for (const s of sockets) s.close();
  for (const d of docs) d.destroy();
});

it("moving a learner switches their chat, documents and media to the new room at once", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const { roomId, instructor, learners } = cluster.fixture;
  const teacher = await inClass(a.url, instructor, roomId, sockets);
  const mover = await inClass(b.url, learners[0]!, roomId, sockets);
  const newMate = await inClass(a.url, learners[2]!, roomId, sockets);
  const liveClassId = await goLive(teacher, roomId);
  const session = await planAndStart(a.url, instructor, liveClassId, threeGroups(cluster.fixture), 600);
  const from = roomOf(session, learners[0]!.user.id);
  const to = roomOf(session, learners[2]!.user.id);

  // Settled in the first room: its chat, its code file and its media.
  ok(await mover.emitWithAck("room:join", { roomId: from.roomId }));
  ok(await chatText(mover, from.roomId, "before the move"));
  const oldCode = new CollabClient(b.url, from.codeDocId, learners[0]!.accessToken);
  docs.push(oldCode);
  await oldCode.synced();
  const media = await joinWithSendTransport(mover, from.roomId);
  ok(await newMate.emitWithAck("room:join", { roomId: to.roomId }));
  ok(await newMate.emitWithAck("live:join", { roomId: to.roomId }));

  const removed = nextEvent(mover, "room:removed", 10_000, (e) => e.roomId === from.roomId);
  const reassigned = nextEvent(mover, "breakout:updated", 10_000, (v: BreakoutSessionView) =>
    v.rooms.some((r) => r.key === to.key && r.memberIds.includes(learners[0]!.user.id)),
  );
  const codeClosed = oldCode.closed();
  const moved = await api<BreakoutSessionView>(b.url, "POST", `/api/breakouts/${session.id}/move`, {
    token: instructor.accessToken,
    body: { userId: learners[0]!.user.id, roomKey: to.key },
  });
  expect(moved.status).toBe(200);
  await removed;
  await reassigned;
  expect(await codeClosed).toBe(4410);

  // The old room refuses them everywhere.
  expect(await chatText(mover, from.roomId, "still here?")).toMatchObject({ ok: false, error: { code: "forbidden" } });
  expect((await collabTicket(a.url, from.codeDocId, learners[0]!.accessToken)).status).toBe(403);
  expect(
    await mover.emitWithAck("live:produce", {
      roomId: from.roomId,
      transportId: media.transportId,
      kind: "audio",
      source: "mic",
      rtpParameters: OPUS_RTP,
    }),
  ).toMatchObject({ ok: false, error: { code: "forbidden" } });

  // The new room takes them: its chat reaches its members, its documents open, its media publishes.
  ok(await mover.emitWithAck("room:join", { roomId: to.roomId }));
  const heard = nextEvent(newMate, "chat:sent", 10_000, (m) => m.roomId === to.roomId);
  ok(await chatText(mover, to.roomId, "hello new room"));
  await expect(heard).resolves.toMatchObject({ text: "hello new room", author: { id: learners[0]!.user.id } });
  const newCode = new CollabClient(a.url, to.codeDocId, learners[0]!.accessToken);
  docs.push(newCode);
  await newCode.synced();
  const added = nextEvent(newMate, "live:producer-added");
  const there = await joinWithSendTransport(mover, to.roomId);
  const { producerId } = ok(
    await mover.emitWithAck("live:produce", {
      roomId: to.roomId,
      transportId: there.transportId,
      kind: "audio",
      source: "mic",
      rtpParameters: OPUS_RTP,
    }),
  );
  await expect(added).resolves.toMatchObject({ producerId, roomId: to.roomId });

  // A learner cannot move themselves when the instructor assigns the rooms.
  const self = await api(b.url, "POST", `/api/breakouts/${session.id}/choose`, {
    token: learners[0]!.accessToken,
    body: { roomKey: from.key },
  });
  expect(self.status).toBe(403);
});
