import { setTimeout as sleep } from "node:timers/promises";
import type { Ack, ChatMessage } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api, type ClientSocket, connectSocket, registerUser } from "../helpers/clients";
import { classCluster } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const cluster = classCluster(2, 2);
const POLL_MS = 20;
const GIVE_UP_MS = 5_000;

const send = (socket: ClientSocket, roomId: string): Promise<Ack<ChatMessage>> =>
  socket.emitWithAck("chat:send", { roomId, clientMsgId: `m${Math.random().toString(36).slice(2, 12)}`, text: "hi" });

/** Sends until `accepted(answer)`; resolves with how long that took after `since`. */
async function sendUntil(
  socket: ClientSocket,
  roomId: string,
  accepted: (answer: Ack<ChatMessage>) => boolean,
  since: number,
): Promise<number> {
  for (;;) {
    const answer = await send(socket, roomId);
    if (accepted(answer)) return Date.now() - since;
    if (Date.now() - since > GIVE_UP_MS) throw new Error(`still ${JSON.stringify(answer)} after ${GIVE_UP_MS} ms`);
    await sleep(POLL_MS);
  }
}

it("a member removed on one node is refused on the other within a second, though that node had their access at hand", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const { roomId, instructor, learners } = cluster.fixture;
  const learner = learners[0]!;
  const teacher = await connectSocket(a.url, instructor.accessToken);
  const member = await connectSocket(b.url, learner.accessToken);
  // Node b has read the learner's membership for these sends.
  for (let i = 0; i < 3; i++) expect((await send(member.socket, roomId)).ok).toBe(true);

  const removed = await teacher.socket.emitWithAck("mod:remove", { roomId, userId: learner.user.id });
  expect(removed.ok).toBe(true);
  const took = await sendUntil(member.socket, roomId, (answer) => !answer.ok, Date.now());
  expect(await send(member.socket, roomId)).toMatchObject({ ok: false, error: { code: "forbidden" } });
  expect(took).toBeLessThan(1_000);
  teacher.socket.close();
  member.socket.close();
});

it("someone refused on one node is let in there as soon as another node enrols them", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const { roomId, course } = cluster.fixture;
  const newcomer = await registerUser(a.url);
  const { socket } = await connectSocket(b.url, newcomer.accessToken);
  expect(await send(socket, roomId)).toMatchObject({ ok: false, error: { code: "forbidden" } });

  const started = Date.now();
  const enrolled = await api(a.url, "POST", `/api/courses/${course.id}/enroll`, { token: newcomer.accessToken });
  expect(enrolled.status).toBe(200);
  const took = await sendUntil(socket, roomId, (answer) => answer.ok, started);
  expect(took).toBeLessThan(1_000);
  socket.close();
});
