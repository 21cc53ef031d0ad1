import { expect, it } from "vitest";
import { api, connectSocket, nextEvent, registerUser } from "../helpers/clients";
import { classCluster } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const cluster = classCluster(2, 3);

const send = (socket: Awaited<ReturnType<typeof connectSocket>>["socket"], roomId: string, text: string) =>
  socket.emitWithAck("chat:send", { roomId, clientMsgId: `m${Math.random().toString(36).slice(2, 12)}`, text });

it("a non-member's join and send get forbidden", async () => {
  const outsider = await registerUser(cluster.nodes[1]!.url);
  const { socket } = await connectSocket(cluster.nodes[1]!.url, outsider.accessToken);
  expect(await socket.emitWithAck("room:join", { roomId: cluster.fixture.roomId })).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });
  expect(await send(socket, cluster.fixture.roomId, "let me in")).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });
  expect(await socket.emitWithAck("chat:since", { roomId: cluster.fixture.roomId, afterSeq: 0 })).toMatchObject({
    ok: false,
  });
  socket.close();
});

it("a muted user's send gets muted until the mute is lifted; learners cannot moderate", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const teacher = await connectSocket(a.url, cluster.fixture.instructor.accessToken);
  const learner = await connectSocket(b.url, cluster.fixture.learners[0]!.accessToken);
  await learner.socket.emitWithAck("room:join", { roomId: cluster.fixture.roomId });
  const notice = nextEvent(learner.socket, "room:member-muted");
  const mute = await teacher.socket.emitWithAck("mod:mute", {
    roomId: cluster.fixture.roomId,
    userId: cluster.fixture.learners[0]!.user.id,
    minutes: 15,
  });
  expect(mute.ok).toBe(true);
  await expect(notice).resolves.toMatchObject({ userId: cluster.fixture.learners[0]!.user.id });
  const refused = await send(learner.socket, cluster.fixture.roomId, "hello?");
  expect(refused).toMatchObject({ ok: false, error: { code: "muted" } });

  const learnerMod = await learner.socket.emitWithAck("mod:mute", {
    roomId: cluster.fixture.roomId,
    userId: cluster.fixture.learners[1]!.user.id,
    minutes: 5,
  });
  expect(learnerMod).toMatchObject({ ok: false, error: { code: "forbidden" } });

  await teacher.socket.emitWithAck("mod:mute", {
    roomId: cluster.fixture.roomId,
    userId: cluster.fixture.learners[0]!.user.id,
    minutes: 0,
  });
  expect((await send(learner.socket, cluster.fixture.roomId, "thanks")).ok).toBe(true);
  teacher.socket.close();
  learner.socket.close();
});

it("a removed user stops receiving the room on every node and cannot come back", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const target = cluster.fixture.learners[2]!;
  const teacher = await connectSocket(a.url, cluster.fixture.instructor.accessToken);
  const onA = await connectSocket(a.url, target.accessToken);
  const onB = await connectSocket(b.url, target.accessToken);
  await onB.socket.emitWithAck("room:join", { roomId: cluster.fixture.roomId });
  const received: string[] = [];
  for (const s of [onA.socket, onB.socket]) s.on("chat:sent", (m) => received.push(m.text));
  await send(teacher.socket, cluster.fixture.roomId, "before removal");
  await expect.poll(() => received.filter((t) => t === "before removal").length).toBe(2);

  const removedNotice = nextEvent(onB.socket, "room:removed");
  expect(
    (await teacher.socket.emitWithAck("mod:remove", { roomId: cluster.fixture.roomId, userId: target.user.id })).ok,
  ).toBe(true);
  await expect(removedNotice).resolves.toEqual({ roomId: cluster.fixture.roomId, reason: "removed" });
  await send(teacher.socket, cluster.fixture.roomId, "after removal");
  await new Promise((r) => setTimeout(r, 500));
  expect(received).not.toContain("after removal");
  expect(await onA.socket.emitWithAck("room:join", { roomId: cluster.fixture.roomId })).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });
  const enrolAgain = await api(a.url, "POST", `/api/courses/${cluster.fixture.course.id}/enroll`, {
    token: target.accessToken,
  });
  expect(enrolAgain.status).toBe(200);
  expect(await onA.socket.emitWithAck("room:join", { roomId: cluster.fixture.roomId })).toMatchObject({ ok: false });
  for (const s of [teacher.socket, onA.socket, onB.socket]) s.close();
});

it("lock, slow mode and clear work and are audited", async () => {
  const [a] = cluster.nodes as [ServerNodeHandle];
  const teacher = await connectSocket(a.url, cluster.fixture.instructor.accessToken);
  const learner = await connectSocket(a.url, cluster.fixture.learners[1]!.accessToken);

  const slow = await teacher.socket.emitWithAck("mod:slow-mode", { roomId: cluster.fixture.roomId, seconds: 30 });
  expect(slow).toMatchObject({ ok: true, data: { slowModeSeconds: 30 } });
  expect((await send(learner.socket, cluster.fixture.roomId, "one")).ok).toBe(true);
  const second = await send(learner.socket, cluster.fixture.roomId, "two");
  expect(second).toMatchObject({ ok: false, error: { code: "slow_mode" } });
  if (!second.ok) expect(second.error.retryAfterSeconds).toBeGreaterThan(0);
  expect((await send(teacher.socket, cluster.fixture.roomId, "moderators are exempt")).ok).toBe(true);
  await teacher.socket.emitWithAck("mod:slow-mode", { roomId: cluster.fixture.roomId, seconds: 0 });

  expect(await teacher.socket.emitWithAck("mod:lock", { roomId: cluster.fixture.roomId, locked: true })).toMatchObject({
    ok: true,
    data: { locked: true },
  });
  const latecomer = await registerUser(a.url);
  const enrol = await api(a.url, "POST", `/api/courses/${cluster.fixture.course.id}/enroll`, {
    token: latecomer.accessToken,
  });
  expect(enrol.body.error.code).toBe("room_locked");
  await teacher.socket.emitWithAck("mod:lock", { roomId: cluster.fixture.roomId, locked: false });

  const cleared = nextEvent(learner.socket, "chat:cleared");
  const clear = await teacher.socket.emitWithAck("mod:clear", { roomId: cluster.fixture.roomId });
  expect(clear.ok).toBe(true);
  await expect(cleared).resolves.toMatchObject({ roomId: cluster.fixture.roomId });
  const history = await learner.socket.emitWithAck("chat:history", { roomId: cluster.fixture.roomId });
  expect(history.ok && history.data.messages.every((m) => m.deletedAt !== null && m.text === "")).toBe(true);
  teacher.socket.close();
  learner.socket.close();
});
