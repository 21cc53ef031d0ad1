import type { WaitingRoomView } from "@chalkline/shared";
import { afterAll, expect, it } from "vitest";
import { type ClientSocket, connectSocket, nextEvent, type TestAccount } from "../helpers/clients";
import { openStores } from "../helpers/ledger";
import { ok } from "../helpers/live-client";
import { classCluster } from "../helpers/rooms";

// Two server nodes and a media node; the instructor on the first, learners on either.
const cluster = classCluster(2, 5, undefined, { media: 1 });
const sockets: ClientSocket[] = [];
afterAll(() => {
  for (const socket of sockets) socket.close();
});

async function on(node: number, account: TestAccount): Promise<ClientSocket> {
  const { socket } = await connectSocket(cluster.nodes[node]!.url, account.accessToken);
  sockets.push(socket);
  return socket;
}

const join = (socket: ClientSocket) => socket.emitWithAck("live:join", { roomId: cluster.fixture.roomId });
const refusal = async (socket: ClientSocket) => {
  const answer = await join(socket);
  return answer.ok ? "joined" : answer.error.code;
};
const waitingIds = (view: WaitingRoomView) => view.waiting.map((w) => w.user.id);
/** A learner's answer to the open poll: "answered", or why not. */
const answerPoll = async (socket: ClientSocket, pollId: string) => {
  const ack = await socket.emitWithAck("poll:answer", {
    roomId: cluster.fixture.roomId,
    pollId,
    response: { choices: [0] },
  });
  return ack.ok ? "answered" : ack.error.code;
};

it("with “ask”, a learner waits, is admitted and joins; a refused one stays out whatever node they retry on", {
  timeout: 90_000,
}, async () => {
  const { roomId, instructor, learners } = cluster.fixture;
  const [ada, bea, cem, dan] = learners as [TestAccount, TestAccount, TestAccount, TestAccount];
  const teacher = await on(0, instructor);
  expect(ok(await teacher.emitWithAck("waiting-room:state", { roomId }))).toMatchObject({ mode: "open" });
  const learnerTries = await (await on(1, ada)).emitWithAck("waiting-room:mode", { roomId, mode: "open" });
  expect(learnerTries.ok || learnerTries.error.code).toBe("forbidden");
  ok(await teacher.emitWithAck("waiting-room:mode", { roomId, mode: "ask" }));
  ok(await teacher.emitWithAck("live:start", { roomId }));
  // The instructor always joins.
  expect(ok(await join(teacher)).routerRtpCapabilities).not.toBeNull();
  const { pollId } = ok(
    await teacher.emitWithAck("poll:ask", { roomId, question: "In?", kind: "single", options: ["yes", "no"] }),
  );

  // Ada, on the other node, waits; the instructor sees her in the list.
  const adaTab = await on(1, ada);
  const listed = nextEvent(teacher, "waiting-room:updated", 10_000, (v) => v.waiting.length > 0);
  expect(await refusal(adaTab)).toBe("admission_pending");
  expect(waitingIds(await listed)).toEqual([ada.user.id]);
  // Asking again keeps her one place in the list.
  expect(await refusal(adaTab)).toBe("admission_pending");
  expect(waitingIds(ok(await teacher.emitWithAck("waiting-room:state", { roomId })))).toEqual([ada.user.id]);
  // Waiting, she cannot answer the class's poll either.
  expect(await answerPoll(adaTab, pollId)).toBe("admission_pending");

  // Admitted: she is told, and her next join enters the class's media.
  const told = nextEvent(adaTab, "waiting-room:decided");
  const after = ok(await teacher.emitWithAck("waiting-room:decide", { roomId, userId: ada.user.id, admit: true }));
  expect(after.waiting).toEqual([]);
  await expect(told).resolves.toEqual({ roomId, admitted: true });
  const joined = ok(await join(adaTab));
  expect(joined.routerRtpCapabilities).not.toBeNull();
  expect(await answerPoll(adaTab, pollId)).toBe("answered");
  // Another tab of hers, on the other node, comes straight in.
  expect(await refusal(await on(0, ada))).toBe("joined");

  // Bea is refused; retrying on either node, or from a new connection, never lets her in.
  const beaTab = await on(0, bea);
  expect(await refusal(beaTab)).toBe("admission_pending");
  const refusedPush = nextEvent(beaTab, "waiting-room:decided");
  ok(await teacher.emitWithAck("waiting-room:decide", { roomId, userId: bea.user.id, admit: false }));
  await expect(refusedPush).resolves.toEqual({ roomId, admitted: false });
  expect(await refusal(beaTab)).toBe("admission_refused");
  expect(await refusal(await on(1, bea))).toBe("admission_refused");
  expect(await refusal(await on(0, bea))).toBe("admission_refused");
  expect(await answerPoll(beaTab, pollId)).toBe("admission_refused");
  expect(waitingIds(ok(await teacher.emitWithAck("waiting-room:state", { roomId })))).toEqual([]);
  const undecided = await teacher.emitWithAck("waiting-room:decide", { roomId, userId: bea.user.id, admit: true });
  expect(undecided.ok || undecided.error.code).toBe("not_found");

  // Cem and Dan wait, one per node; "admit all" lets both in.
  const cemTab = await on(0, cem);
  const danTab = await on(1, dan);
  expect(await refusal(cemTab)).toBe("admission_pending");
  expect(await refusal(danTab)).toBe("admission_pending");
  const bothTold = Promise.all([nextEvent(cemTab, "waiting-room:decided"), nextEvent(danTab, "waiting-room:decided")]);
  expect(ok(await teacher.emitWithAck("waiting-room:admit-all", { roomId })).waiting).toEqual([]);
  expect((await bothTold).map((d) => d.admitted)).toEqual([true, true]);
  expect(await refusal(cemTab)).toBe("joined");
  expect(await refusal(danTab)).toBe("joined");

  // Each of the instructor's decisions is in the audit log, under the room.
  const stores = await openStores(cluster.names);
  try {
    const audited = await stores.db
      .collection("auditLog")
      .find({ targetId: roomId, action: /^(waiting_room|poll)\./ })
      .sort({ _id: 1 })
      .toArray();
    expect(audited.map((e) => e.action)).toEqual([
      "waiting_room.mode_set",
      "poll.asked",
      "waiting_room.admitted",
      "waiting_room.refused",
      "waiting_room.admitted_all",
    ]);
  } finally {
    await stores.close();
  }
});

it("“locked” refuses anyone new and lets back those already in; the next class decides afresh", {
  timeout: 90_000,
}, async () => {
  const { roomId, instructor, learners } = cluster.fixture;
  const [ada, bea, , , eve] = learners as TestAccount[] as [
    TestAccount,
    TestAccount,
    TestAccount,
    TestAccount,
    TestAccount,
  ];
  const teacher = await on(1, instructor);
  ok(await teacher.emitWithAck("waiting-room:mode", { roomId, mode: "locked" }));
  expect(await refusal(await on(0, eve))).toBe("class_locked");
  // Ada was let in before the lock: a reconnect brings her back.
  expect(await refusal(await on(1, ada))).toBe("joined");
  // A refusal holds whatever the mode.
  expect(await refusal(await on(0, bea))).toBe("admission_refused");

  // A new class: the room is still locked, but last class's refusal is gone with it.
  ok(await teacher.emitWithAck("live:end", { roomId }));
  ok(await teacher.emitWithAck("live:start", { roomId }));
  ok(await teacher.emitWithAck("waiting-room:mode", { roomId, mode: "open" }));
  expect(await refusal(await on(0, bea))).toBe("joined");
  expect(await refusal(await on(1, eve))).toBe("joined");
});
