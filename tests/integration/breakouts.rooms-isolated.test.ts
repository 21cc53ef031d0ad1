import type { BreakoutSessionView, DownloadUrl, UploadTicket, UploadView } from "@chalkline/shared";
import { afterAll, expect, it } from "vitest";
import {
  breakoutCluster,
  chatText,
  goLive,
  inClass,
  planAndStart,
  roomOf,
  TEMPLATE,
  threeGroups,
} from "../helpers/breakouts";
import { api, type ClientSocket, nextEvent } from "../helpers/clients";
import { CollabClient, collabTicket, until } from "../helpers/collab-client";
import { expectStatus } from "../helpers/courses";
import { joinWithSendTransport, OPUS_RTP, ok } from "../helpers/live-client";
import { s3Env } from "../helpers/s3";
import type { ServerNodeHandle } from "../helpers/server";
import { postToS3 } from "../helpers/store";

// Two server nodes, one media node, one instructor, six learners: three rooms of two; S3 for recorded clips.
const cluster = breakoutCluster(s3Env());
const sockets: ClientSocket[] = [];
const docs: CollabClient[] = [];
afterAll(() => {
  for (const s of sockets) s.close();
  for (const d of docs) d.destroy();
});

it("puts each learner in their own room with its own chat, documents and media, and nowhere else", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const { roomId, instructor, learners } = cluster.fixture;
  const nodeOf = (i: number) => (i % 2 === 0 ? a : b);
  const teacher = await inClass(a.url, instructor, roomId, sockets);
  const pupils = await Promise.all(learners.map((l, i) => inClass(nodeOf(i).url, l, roomId, sockets)));
  const liveClassId = await goLive(teacher, roomId);

  const told = pupils.map((s) =>
    nextEvent(s, "breakout:updated", 20_000, (v: BreakoutSessionView) => v.status === "running"),
  );
  const session = await planAndStart(b.url, instructor, liveClassId, threeGroups(cluster.fixture), 600);
  expect(session.rooms).toHaveLength(3);
  const views = await Promise.all(told);
  const mine = learners.map((l, i) => roomOf(views[i]!, l.user.id));
  expect(new Set(mine.map((r) => r.roomId)).size).toBe(3);
  expect(mine[0]!.roomId).toBe(mine[1]!.roomId);
  expect(mine[0]!.roomId).not.toBe(mine[2]!.roomId);
  for (const [i, p] of pupils.entries()) ok(await p.emitWithAck("room:join", { roomId: mine[i]!.roomId }));

  // Chat: a message reaches the room's members (on both nodes) and the instructor, never the other rooms.
  const heardByMate = nextEvent(pupils[1]!, "chat:sent", 10_000, (m) => m.roomId === mine[0]!.roomId);
  const heardByTeacher = nextEvent(teacher, "chat:sent", 10_000, (m) => m.roomId === mine[0]!.roomId);
  const overheard: string[] = [];
  for (const p of pupils.slice(2)) p.on("chat:sent", (m) => overheard.push(m.text));
  ok(await chatText(pupils[0]!, mine[0]!.roomId, "hello group one"));
  await expect(heardByMate).resolves.toMatchObject({ text: "hello group one" });
  await expect(heardByTeacher).resolves.toMatchObject({ text: "hello group one" });
  expect(await chatText(pupils[2]!, mine[0]!.roomId, "let me in")).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });
  expect(await pupils[2]!.emitWithAck("chat:history", { roomId: mine[0]!.roomId, limit: 50 })).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });

  // Documents: the room's code file starts from the template; another room's refuses a ticket.
  const code = new CollabClient(b.url, mine[0]!.codeDocId, learners[0]!.accessToken);
  docs.push(code);
  await code.synced();
  expect(code.text.toString()).toBe(TEMPLATE.code.text);
  const foreign = await collabTicket(a.url, mine[0]!.codeDocId, learners[2]!.accessToken);
  expect(foreign.status).toBe(403);
  const foreignBoard = await collabTicket(a.url, mine[0]!.boardDocId, learners[4]!.accessToken);
  expect(foreignBoard.status).toBe(403);

  // Media: everyone in a breakout may publish; a track reaches its room only; other rooms' media refuses.
  const speaker = await joinWithSendTransport(pupils[0]!, mine[0]!.roomId);
  expect(speaker.joined.permissions).toEqual({ camera: true, mic: true, screen: true });
  ok(await pupils[1]!.emitWithAck("live:join", { roomId: mine[1]!.roomId }));
  ok(await pupils[2]!.emitWithAck("live:join", { roomId: mine[2]!.roomId }));
  const added = nextEvent(pupils[1]!, "live:producer-added");
  const leaked: string[] = [];
  pupils[2]!.on("live:producer-added", (p) => leaked.push(p.producerId));
  const { producerId } = ok(
    await pupils[0]!.emitWithAck("live:produce", {
      roomId: mine[0]!.roomId,
      transportId: speaker.transportId,
      kind: "audio",
      source: "mic",
      rtpParameters: OPUS_RTP,
    }),
  );
  await expect(added).resolves.toMatchObject({ producerId, roomId: mine[0]!.roomId });
  expect(await pupils[2]!.emitWithAck("live:join", { roomId: mine[0]!.roomId })).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });
  expect(
    await pupils[2]!.emitWithAck("live:transport:create", { roomId: mine[0]!.roomId, direction: "recv" }),
  ).toMatchObject({ ok: false, error: { code: "forbidden" } });

  // Help: a raised hand in a room reaches the instructor, naming the room.
  const help = nextEvent(teacher, "hand:queue", 10_000, (q) => q.roomId === mine[4]!.roomId && q.hands.length > 0);
  ok(await pupils[4]!.emitWithAck("hand:raise", { roomId: mine[4]!.roomId }));
  await expect(help).resolves.toMatchObject({ hands: [{ user: { id: learners[4]!.user.id } }] });

  // Broadcast: every learner, whichever room and node, hears it.
  const heard = pupils.map((p) => nextEvent(p, "breakout:broadcast"));
  const sent = await api(a.url, "POST", `/api/breakouts/${session.id}/broadcast`, {
    token: instructor.accessToken,
    body: { text: "Five minutes left" },
  });
  expect(sent.status).toBe(201);
  for (const h of heard) await expect(h).resolves.toMatchObject({ text: "Five minutes left" });
  const refused = await api(a.url, "POST", `/api/breakouts/${session.id}/broadcast`, {
    token: learners[0]!.accessToken,
    body: { text: "not mine to send" },
  });
  expect(refused.status).toBe(403);

  // A recorded clip: only the class's instructor may upload one; every room hears of it, and each
  // learner fetches it through a URL of their own.
  const clipBody = { purpose: "broadcast_audio", contentType: "audio/webm", size: 2000, fileName: "m.webm", roomId };
  const presign = (token: string) => api<UploadTicket>(a.url, "POST", "/api/uploads", { token, body: clipBody });
  expect((await presign(learners[0]!.accessToken)).status).toBe(403);
  const ticket = expectStatus(await presign(instructor.accessToken), 201, "presign a clip");
  expect((await postToS3(ticket, 2000)).status).toBe(204);
  const clip = expectStatus(
    await api<UploadView>(a.url, "POST", "/api/uploads/confirm", {
      token: instructor.accessToken,
      body: { key: ticket.upload.key },
    }),
    200,
    "confirm the clip",
  );
  const heardClip = pupils.map((p) => nextEvent(p, "breakout:broadcast", 10_000, (m) => m.audioUploadId === clip.id));
  const sentClip = await api(b.url, "POST", `/api/breakouts/${session.id}/broadcast`, {
    token: instructor.accessToken,
    body: { audioUploadId: clip.id },
  });
  expect(sentClip.status).toBe(201);
  for (const h of heardClip) await expect(h).resolves.toMatchObject({ text: "", audioUploadId: clip.id });
  const link = expectStatus(
    await api<DownloadUrl>(b.url, "GET", `/api/uploads/${clip.id}/url`, { token: learners[3]!.accessToken }),
    200,
    "a learner's link to the clip",
  );
  expect((await (await fetch(link.url)).arrayBuffer()).byteLength).toBe(2000);
  const notAClip = await api(a.url, "POST", `/api/breakouts/${session.id}/broadcast`, {
    token: instructor.accessToken,
    body: { audioUploadId: "0123456789abcdef01234567" },
  });
  expect(notAClip.status).toBe(400);

  expect(overheard).toEqual([]);
  expect(leaked).toEqual([]);
  await until(() => code.provider.wsconnected, 5_000, "the code file still open");
});
