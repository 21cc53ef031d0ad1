import mongoose from "mongoose";
import { expect, it } from "vitest";
import { api, connectSocket, nextEvent, registerUser, type TestAccount } from "../helpers/clients";
import { openStores } from "../helpers/ledger";
import { type ClassFixture, classCluster } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const cluster = classCluster(2, 2);

it("study rooms: invite by code up to the member limit, lock to new joins, and call the course instructor", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const [owner, friend] = cluster.fixture.learners as [
    ClassFixture["learners"][number],
    ClassFixture["learners"][number],
  ];
  const created = await api(a.url, "POST", "/api/rooms/study", {
    token: owner.accessToken,
    body: { name: "Exam prep", memberLimit: 2, courseId: cluster.fixture.course.id },
  });
  expect(created.status).toBe(201);
  const code: string = created.body.inviteCode;
  expect(code).toMatch(/^[a-z0-9]{10}$/);

  expect((await api(b.url, "POST", "/api/rooms/join", { token: friend.accessToken, body: { code } })).status).toBe(200);
  const third = await registerUser(a.url);
  const full = await api(a.url, "POST", "/api/rooms/join", { token: third.accessToken, body: { code } });
  expect(full.body.error.code).toBe("room_full");
  expect(
    (await api(a.url, "POST", "/api/rooms/join", { token: third.accessToken, body: { code: "nosuchcode" } })).status,
  ).toBe(404);

  const ownerSocket = await connectSocket(a.url, owner.accessToken);
  await ownerSocket.socket.emitWithAck("mod:lock", { roomId: created.body.id, locked: true });
  const friendSocket = await connectSocket(b.url, friend.accessToken);
  const lockedOut = await friendSocket.socket.emitWithAck("mod:lock", { roomId: created.body.id, locked: false });
  expect(lockedOut).toMatchObject({ ok: false, error: { code: "forbidden" } });

  const teacher = await connectSocket(b.url, cluster.fixture.instructor.accessToken);
  const called = nextEvent(teacher.socket, "notification:new");
  expect((await friendSocket.socket.emitWithAck("hand:call-instructor", { roomId: created.body.id })).ok).toBe(true);
  await expect(called).resolves.toMatchObject({ kind: "instructor_called", roomId: created.body.id });
  const again = await friendSocket.socket.emitWithAck("hand:call-instructor", { roomId: created.body.id });
  expect(again).toMatchObject({ ok: false, error: { code: "rate_limited" } });
  for (const s of [ownerSocket.socket, friendSocket.socket, teacher.socket]) s.close();
});

it("twelve learners joining a study room of five at once: exactly four get in, and a removal frees a seat", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const owner = await registerUser(a.url);
  const created = await api(a.url, "POST", "/api/rooms/study", {
    token: owner.accessToken,
    body: { name: "Crowded", memberLimit: 5 },
  });
  const { id: roomId, inviteCode: code } = created.body;
  const joiners = await Promise.all(Array.from({ length: 12 }, (_, i) => registerUser([a, b][i % 2]!.url)));
  const answers = await Promise.all(
    joiners.map((j, i) => api([a, b][i % 2]!.url, "POST", "/api/rooms/join", { token: j.accessToken, body: { code } })),
  );
  expect(answers.filter((r) => r.status === 200)).toHaveLength(4);
  expect(answers.filter((r) => r.status !== 200).map((r) => r.body.error.code)).toEqual(Array(8).fill("room_full"));
  const members = async () =>
    (await api(a.url, "GET", `/api/rooms/${roomId}`, { token: owner.accessToken })).body.members.length;
  expect(await members()).toBe(5);

  const inside = joiners[answers.findIndex((r) => r.status === 200)]!;
  const outside = joiners[answers.findIndex((r) => r.status !== 200)]!;
  const { socket } = await connectSocket(a.url, owner.accessToken);
  expect(await socket.emitWithAck("mod:remove", { roomId, userId: inside.user.id })).toMatchObject({ ok: true });
  socket.close();
  const late = await api(b.url, "POST", "/api/rooms/join", { token: outside.accessToken, body: { code } });
  expect(late.status).toBe(200);
  expect(await members()).toBe(5);
});

it("a room whose members joined before seats were kept seats them first, so the limit still holds", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const owner = await registerUser(a.url);
  const created = await api(a.url, "POST", "/api/rooms/study", {
    token: owner.accessToken,
    body: { name: "Older room", memberLimit: 3 },
  });
  const { id: roomId, inviteCode: code } = created.body;
  const early = await registerUser(a.url);
  expect((await api(a.url, "POST", "/api/rooms/join", { token: early.accessToken, body: { code } })).status).toBe(200);
  // As an older server left it: members, no seats.
  const stores = await openStores(cluster.names);
  await stores.db.collection("roomSeats").deleteMany({ roomId: new mongoose.Types.ObjectId(roomId) });
  await stores.close();

  const newcomers = await Promise.all([registerUser(a.url), registerUser(b.url), registerUser(a.url)]);
  const answers = await Promise.all(
    newcomers.map((n, i) =>
      api([a, b][i % 2]!.url, "POST", "/api/rooms/join", { token: n.accessToken, body: { code } }),
    ),
  );
  expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  const details = await api(a.url, "GET", `/api/rooms/${roomId}`, { token: owner.accessToken });
  expect(details.body.members).toHaveLength(3);
});

it("a member leaves a study room: every tab of theirs hears it, the seat frees, and the code lets them back", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const owner = await registerUser(a.url);
  const [member, waiting] = await Promise.all([registerUser(a.url), registerUser(b.url)]);
  const created = await api(a.url, "POST", "/api/rooms/study", {
    token: owner.accessToken,
    body: { name: "Pair", memberLimit: 2 },
  });
  const { id: roomId, inviteCode: code } = created.body;
  const join = (account: TestAccount, node: ServerNodeHandle) =>
    api(node.url, "POST", "/api/rooms/join", { token: account.accessToken, body: { code } });
  expect((await join(member, b)).status).toBe(200);
  expect((await join(waiting, a)).body.error.code).toBe("room_full");

  const ownerSocket = await connectSocket(a.url, owner.accessToken);
  const tabs = await Promise.all([connectSocket(a.url, member.accessToken), connectSocket(b.url, member.accessToken)]);
  await ownerSocket.socket.emitWithAck("room:join", { roomId });
  await tabs[0].socket.emitWithAck("room:join", { roomId });
  const left = nextEvent(ownerSocket.socket, "presence:left");
  const gone = nextEvent(ownerSocket.socket, "room:member-removed");
  const told = tabs.map((tab) => nextEvent(tab.socket, "room:removed"));
  expect(await tabs[1].socket.emitWithAck("room:quit", { roomId })).toMatchObject({ ok: true });
  for (const event of told) await expect(event).resolves.toEqual({ roomId, reason: "quit" });
  // A retry after a lost answer is answered the same; a malformed one is refused.
  expect(await tabs[0].socket.emitWithAck("room:quit", { roomId })).toMatchObject({ ok: true });
  expect(await tabs[0].socket.emitWithAck("room:quit", { roomId: "nope" } as never)).toMatchObject({
    ok: false,
    error: { code: "invalid_payload" },
  });
  await expect(left).resolves.toMatchObject({ roomId, user: { id: member.user.id } });
  await expect(gone).resolves.toEqual({ roomId, userId: member.user.id });
  expect(await ownerSocket.socket.emitWithAck("room:quit", { roomId })).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });

  expect((await join(waiting, a)).status).toBe(200);
  expect((await join(member, b)).body.error.code).toBe("room_full");
  for (const s of [ownerSocket, ...tabs]) s.socket.close();
});

it("direct messages: one room per pair, private to the two of them", async () => {
  const [a] = cluster.nodes as [ServerNodeHandle];
  const [x, y] = cluster.fixture.learners as [ClassFixture["learners"][number], ClassFixture["learners"][number]];
  const yOnline = await connectSocket(cluster.nodes[1]!.url, y.accessToken);
  const first = await api(a.url, "POST", "/api/rooms/dm", { token: x.accessToken, body: { userId: y.user.id } });
  // The peer's open socket, on another node, receives the new conversation without reconnecting.
  const pushed = nextEvent(yOnline.socket, "chat:sent");
  const xSocket = await connectSocket(a.url, x.accessToken);
  await xSocket.socket.emitWithAck("chat:send", {
    roomId: first.body.id,
    clientMsgId: "dm-first-0001",
    text: "hi there",
  });
  await expect(pushed).resolves.toMatchObject({ roomId: first.body.id, text: "hi there" });
  yOnline.socket.close();
  xSocket.socket.close();
  const second = await api(a.url, "POST", "/api/rooms/dm", { token: y.accessToken, body: { userId: x.user.id } });
  expect(first.body.id).toBe(second.body.id);
  expect(first.body.peer.id).toBe(y.user.id);
  const stranger = await registerUser(a.url);
  const { socket } = await connectSocket(a.url, stranger.accessToken);
  expect(await socket.emitWithAck("room:join", { roomId: first.body.id })).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });
  socket.close();
  const rooms = await api(a.url, "GET", "/api/rooms", { token: x.accessToken });
  expect(rooms.body.rooms.map((r: { kind: string }) => r.kind)).toEqual(["lobby", "class", "study", "dm"]);
});

it("raised hands queue in arrival order; the instructor answers, lowers and clears", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const teacher = await connectSocket(a.url, cluster.fixture.instructor.accessToken);
  const first = await connectSocket(b.url, cluster.fixture.learners[0]!.accessToken);
  const second = await connectSocket(a.url, cluster.fixture.learners[1]!.accessToken);
  await teacher.socket.emitWithAck("room:join", { roomId: cluster.fixture.roomId });

  await first.socket.emitWithAck("hand:raise", { roomId: cluster.fixture.roomId });
  await second.socket.emitWithAck("hand:raise", { roomId: cluster.fixture.roomId });
  const again = await first.socket.emitWithAck("hand:raise", { roomId: cluster.fixture.roomId });
  expect(again.ok && again.data.hands.map((h) => h.user.id)).toEqual([
    cluster.fixture.learners[0]!.user.id,
    cluster.fixture.learners[1]!.user.id,
  ]);

  const denied = await second.socket.emitWithAck("hand:lower", {
    roomId: cluster.fixture.roomId,
    userId: cluster.fixture.learners[0]!.user.id,
  });
  expect(denied).toMatchObject({ ok: false, error: { code: "forbidden" } });

  const answeredNotice = nextEvent(first.socket, "notification:new");
  const queueSeen = nextEvent(teacher.socket, "hand:queue");
  const answered = await teacher.socket.emitWithAck("hand:answer", {
    roomId: cluster.fixture.roomId,
    userId: cluster.fixture.learners[0]!.user.id,
  });
  expect(answered.ok && answered.data.hands.map((h) => h.user.id)).toEqual([cluster.fixture.learners[1]!.user.id]);
  await expect(answeredNotice).resolves.toMatchObject({ kind: "hand_answered" });
  await expect(queueSeen).resolves.toMatchObject({ roomId: cluster.fixture.roomId });
  const cleared = await teacher.socket.emitWithAck("hand:clear", { roomId: cluster.fixture.roomId });
  expect(cleared).toMatchObject({ ok: true, data: { hands: [] } });
  for (const s of [teacher.socket, first.socket, second.socket]) s.close();
});
