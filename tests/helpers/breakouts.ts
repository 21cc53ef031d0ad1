import { randomUUID } from "node:crypto";
import type { BreakoutGroup, BreakoutSessionView, BreakoutTemplate, LiveState } from "@chalkline/shared";
import { api, type ClientSocket, connectSocket, type TestAccount } from "./clients";
import { ok } from "./live-client";
import { type ClassFixture, classCluster, ROOMY_LIMITS } from "./rooms";

export const TEMPLATE: BreakoutTemplate = {
  code: { name: "exercise.py", language: "python", text: "# exercise 1\nprint('start here')\n" },
  board: "empty",
};

/** Two server nodes, one media node, a class of six learners; `env` adds to the usual limits. */
export function breakoutCluster(env: Record<string, string> = {}) {
  return classCluster(2, 6, { ...ROOMY_LIMITS, ...env }, { media: 1 });
}

/** The class goes live (its instructor's socket) and answers the live class's id. */
export async function goLive(teacher: ClientSocket, roomId: string): Promise<string> {
  const state: LiveState = ok(await teacher.emitWithAck("live:start", { roomId }));
  if (!state.liveClass) throw new Error("no live class");
  return state.liveClass.id;
}

/** Plans the breakouts by hand and starts them for `durationSeconds`. */
export async function planAndStart(
  baseUrl: string,
  instructor: TestAccount,
  liveClassId: string,
  groups: BreakoutGroup[],
  durationSeconds: number,
  template: BreakoutTemplate = TEMPLATE,
): Promise<BreakoutSessionView> {
  const planned = await api<BreakoutSessionView>(baseUrl, "PUT", `/api/live-classes/${liveClassId}/breakouts`, {
    token: instructor.accessToken,
    body: { grouping: { kind: "manual", groups }, template },
  });
  if (planned.status !== 200) throw new Error(`plan: ${planned.status} ${JSON.stringify(planned.body)}`);
  const started = await api<BreakoutSessionView>(baseUrl, "POST", `/api/breakouts/${planned.body.id}/start`, {
    token: instructor.accessToken,
    body: { durationSeconds },
  });
  if (started.status !== 200) throw new Error(`start: ${started.status} ${JSON.stringify(started.body)}`);
  return started.body;
}

/** Three groups of two from a class of six: learners 0–1, 2–3, 4–5. */
export function threeGroups(fixture: ClassFixture): BreakoutGroup[] {
  const ids = fixture.learners.map((l) => l.user.id);
  return [0, 1, 2].map((i) => ({ name: `Group ${i + 1}`, memberIds: ids.slice(i * 2, i * 2 + 2) }));
}

/** The room a user is assigned to in a session view. */
export function roomOf(session: BreakoutSessionView, userId: string) {
  const room = session.rooms.find((r) => r.memberIds.includes(userId));
  if (!room?.roomId || !room.codeDocId || !room.boardDocId) throw new Error(`${userId} has no open room`);
  return { ...room, roomId: room.roomId, codeDocId: room.codeDocId, boardDocId: room.boardDocId };
}

/** A socket that joined the class room, as a learner's classroom page does. */
export async function inClass(baseUrl: string, account: TestAccount, roomId: string, sockets: ClientSocket[]) {
  const { socket } = await connectSocket(baseUrl, account.accessToken);
  sockets.push(socket);
  ok(await socket.emitWithAck("room:join", { roomId }));
  return socket;
}

export function chatText(socket: ClientSocket, roomId: string, text: string) {
  return socket.emitWithAck("chat:send", { roomId, clientMsgId: randomUUID(), text });
}
