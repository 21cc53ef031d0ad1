import type { RoomView } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api, type ClientSocket, connectSocket, registerUser, type TestAccount } from "../helpers/clients";
import { ok } from "../helpers/live-client";
import { classCluster } from "../helpers/rooms";

const cluster = classCluster(1, 1);

const url = () => cluster.nodes[0]!.url;

async function roomsOf(account: TestAccount): Promise<RoomView[]> {
  return (await api<{ rooms: RoomView[] }>(url(), "GET", "/api/rooms", { token: account.accessToken })).body.rooms;
}

async function roomOf(account: TestAccount, pick: (room: RoomView) => boolean): Promise<RoomView> {
  const room = (await roomsOf(account)).find(pick);
  if (!room) throw new Error("room not listed");
  return room;
}

async function post(socket: ClientSocket, roomId: string, count: number, tag: string): Promise<number> {
  let seq = 0;
  for (let i = 0; i < count; i++) {
    const sent = ok(
      await socket.emitWithAck("chat:send", { roomId, clientMsgId: `${tag}-${i}-xxxx`, text: `${tag} ${i}` }),
    );
    seq = sent.seq;
  }
  return seq;
}

it("a new account's unread counts start when it joins a room, not at the room's first message", {
  timeout: 60_000,
}, async () => {
  const { learners, course, roomId: classRoomId } = cluster.fixture;
  const veteran = learners[0]!;
  const { socket } = await connectSocket(url(), veteran.accessToken);
  const lobbyId = (await roomOf(veteran, (r) => r.kind === "lobby")).id;

  // The lobby and the class already have a history.
  const lobbySeq = await post(socket, lobbyId, 6, "lobby-before");
  const classSeq = await post(socket, classRoomId, 4, "class-before");
  await expect.poll(async () => (await roomOf(veteran, (r) => r.id === lobbyId)).lastSeq).toBe(lobbySeq);
  await expect.poll(async () => (await roomOf(veteran, (r) => r.id === classRoomId)).lastSeq).toBe(classSeq);

  // A brand-new account has nothing unread in a lobby it never saw, nor in the class it joins now.
  const newcomer = await registerUser(url());
  expect(await roomOf(newcomer, (r) => r.id === lobbyId)).toMatchObject({ lastSeq: lobbySeq, unread: 0 });
  expect((await api(url(), "POST", `/api/courses/${course.id}/enroll`, { token: newcomer.accessToken })).status).toBe(
    200,
  );
  expect(await roomOf(newcomer, (r) => r.id === classRoomId)).toMatchObject({ lastSeq: classSeq, unread: 0 });

  // What arrives after joining counts.
  const later = await post(socket, classRoomId, 2, "class-after");
  await expect.poll(async () => (await roomOf(newcomer, (r) => r.id === classRoomId)).unread).toBe(2);
  expect(later).toBe(classSeq + 2);

  // The lobby counts from the first time it is read.
  const { socket: newSocket } = await connectSocket(url(), newcomer.accessToken);
  expect(ok(await newSocket.emitWithAck("chat:read", { roomId: lobbyId, seq: lobbySeq }))).toEqual({ unread: 0 });
  await post(socket, lobbyId, 1, "lobby-after");
  await expect.poll(async () => (await roomOf(newcomer, (r) => r.id === lobbyId)).unread).toBe(1);
  socket.close();
  newSocket.close();
});
