import type { ClassPolls, PollResultsEvent } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, type ClientSocket, connectSocket, nextEvent, type TestAccount } from "../helpers/clients";
import { openStores, type Stores } from "../helpers/ledger";
import { ok } from "../helpers/live-client";
import { classCluster } from "../helpers/rooms";

// Two server nodes and a media node (a poll is asked in a live class); four learners.
const cluster = classCluster(2, 4, undefined, { media: 1 });
const sockets: ClientSocket[] = [];
let stores: Stores;
let liveClassId: string;

beforeAll(async () => {
  stores = await openStores(cluster.names);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await stores?.close();
});

async function on(node: number, account: TestAccount): Promise<ClientSocket> {
  const { socket } = await connectSocket(cluster.nodes[node]!.url, account.accessToken);
  sockets.push(socket);
  return socket;
}

it("answers given at once on two nodes count once per learner; the results are pushed, stored once and listed", {
  timeout: 90_000,
}, async () => {
  const { roomId, instructor, learners } = cluster.fixture;
  const teacher = await on(0, instructor);
  const started = ok(await teacher.emitWithAck("live:start", { roomId }));
  liveClassId = started.liveClass!.id;

  // Each learner has a tab on each node.
  const tabs = await Promise.all(learners.map(async (learner) => [await on(0, learner), await on(1, learner)]));
  // Joining the class lets them in (the room is open): only learners let in answer polls.
  for (const [tab] of tabs) ok(await tab!.emitWithAck("live:join", { roomId }));
  const asked = nextEvent(tabs[3]![1]!, "poll:asked");
  const poll = ok(
    await teacher.emitWithAck("poll:ask", {
      roomId,
      question: "Which loop fits best?",
      kind: "single",
      options: ["for", "while", "do-while"],
    }),
  );
  expect(poll).toMatchObject({ status: "open", anonymous: false, results: { answered: 0, counts: [0, 0, 0] } });
  // Learners are told of the poll, without anyone's answers.
  await expect(asked).resolves.toMatchObject({ pollId: poll.pollId, results: null, mine: null });
  const again = await teacher.emitWithAck("poll:ask", { roomId, question: "Another?", kind: "text" });
  expect(again.ok || again.error.code).toBe("conflict");

  // Every learner answers from both tabs at the same moment: learner i picks option i % 3 on node 0
  // and option (i + 1) % 3 on node 1; one of the two stands, and the learner counts once.
  const answer = (socket: ClientSocket, choice: number) =>
    socket.emitWithAck("poll:answer", { roomId, pollId: poll.pollId, response: { choices: [choice] } });
  const acks = await Promise.all(tabs.flatMap(([near, far], i) => [answer(near!, i % 3), answer(far!, (i + 1) % 3)]));
  expect(acks.every((a) => a.ok)).toBe(true);
  // The instructor's results catch up with every answer: four learners, four picks.
  const pushed: PollResultsEvent[] = [];
  teacher.on("poll:results", (event) => pushed.push(event));
  const counted = async () => ok(await teacher.emitWithAck("poll:state", { roomId }))!.results!;
  await expect.poll(async () => (await counted()).answered).toBe(4);
  const live = await counted();
  expect(live.counts.reduce((sum, n) => sum + n, 0)).toBe(4);
  // Named: the instructor sees who picked what, one row each.
  expect(live.responses.map((r) => r.user?.id).sort()).toEqual(learners.map((l) => l.user.id).sort());
  await expect.poll(() => pushed.at(-1)?.results.answered).toBe(4);

  // A learner changes their answer: still counted once. Choices outside the poll are refused.
  ok(await answer(tabs[0]![1]!, 2));
  const bad = await answer(tabs[0]![0]!, 7);
  expect(bad.ok || bad.error.code).toBe("invalid_payload");
  const two = await tabs[1]![0]!.emitWithAck("poll:answer", {
    roomId,
    pollId: poll.pollId,
    response: { choices: [0, 1] },
  });
  expect(two.ok || two.error.code).toBe("invalid_payload");
  const teacherAnswer = await answer(teacher, 0);
  expect(teacherAnswer.ok || teacherAnswer.error.code).toBe("forbidden");

  // Closing on one node while another closes at once stores the results once.
  const closedPush = nextEvent(tabs[2]![1]!, "poll:closed");
  const secondTeacher = await on(1, instructor);
  const [closed, closedAgain] = await Promise.all([
    teacher.emitWithAck("poll:close", { roomId, pollId: poll.pollId }).then(ok),
    secondTeacher.emitWithAck("poll:close", { roomId, pollId: poll.pollId }).then(ok),
  ]);
  expect(closed.results).toEqual(closedAgain.results);
  expect(closed.status).toBe("closed");
  expect(closed.results!.answered).toBe(4);
  expect(closed.results!.counts[2]).toBeGreaterThanOrEqual(1);
  // Learners see the counts, not who picked what.
  const toLearners = await closedPush;
  expect(toLearners.results).toEqual({ ...closed.results, responses: [] });
  const late = await answer(tabs[3]![0]!, 0);
  expect(late.ok || late.error.code).toBe("conflict");

  const records = await stores.db
    .collection("polls")
    .find({ liveClassId: { $exists: true } })
    .toArray();
  expect(records.filter((r) => r._id === (poll.pollId as unknown))).toHaveLength(1);
  expect(records.find((r) => r._id === (poll.pollId as unknown))?.results).toMatchObject({
    answered: 4,
    counts: closed.results!.counts,
  });

  // The class record lists it: names for the instructor, none for a learner.
  const url = `/api/live-classes/${liveClassId}/polls`;
  const forTeacher = await api<ClassPolls>(cluster.nodes[1]!.url, "GET", url, { token: instructor.accessToken });
  expect(forTeacher.status).toBe(200);
  expect(forTeacher.body.polls).toHaveLength(1);
  expect(forTeacher.body.polls[0]).toMatchObject({ pollId: poll.pollId, status: "closed", results: closed.results });
  const forLearner = await api<ClassPolls>(cluster.nodes[0]!.url, "GET", url, { token: learners[0]!.accessToken });
  expect(forLearner.body.polls[0]!.results).toEqual({ ...closed.results, responses: [] });
});

it("an anonymous free-text poll keeps the texts without their authors", { timeout: 60_000 }, async () => {
  const { roomId, instructor, learners } = cluster.fixture;
  const teacher = await on(1, instructor);
  const poll = ok(
    await teacher.emitWithAck("poll:ask", { roomId, question: "One word for today?", kind: "text", anonymous: true }),
  );
  const [ada, bea] = await Promise.all([on(0, learners[0]!), on(1, learners[1]!)]);
  const say = (socket: ClientSocket, text: string) =>
    socket.emitWithAck("poll:answer", { roomId, pollId: poll.pollId, response: { text } }).then(ok);
  expect((await say(ada, "loops")).mine).toEqual({ text: "loops" });
  await say(bea, "recursion");
  const closed = ok(await teacher.emitWithAck("poll:close", { roomId, pollId: poll.pollId }));
  expect(closed.results!.answered).toBe(2);
  expect(closed.results!.responses.map((r) => [r.user, r.text]).sort()).toEqual([
    [null, "loops"],
    [null, "recursion"],
  ]);
  const listed = await api<ClassPolls>(cluster.nodes[0]!.url, "GET", `/api/live-classes/${liveClassId}/polls`, {
    token: instructor.accessToken,
  });
  expect(listed.body.polls.map((p) => p.kind)).toEqual(["single", "text"]);
});

it("a poll left open when its class ends is closed and kept with that class", { timeout: 60_000 }, async () => {
  const { roomId, instructor, learners } = cluster.fixture;
  const teacher = await on(0, instructor);
  const poll = ok(
    await teacher.emitWithAck("poll:ask", { roomId, question: "Ready?", kind: "single", options: ["yes", "no"] }),
  );
  const learner = await on(1, learners[2]!);
  ok(await learner.emitWithAck("poll:answer", { roomId, pollId: poll.pollId, response: { choices: [0] } }));
  const closedPush = nextEvent(learner, "poll:closed");
  ok(await teacher.emitWithAck("live:end", { roomId }));
  // Closed with the class, not when someone next looks: the room is told and the record is stored.
  await expect(closedPush).resolves.toMatchObject({ pollId: poll.pollId, status: "closed" });
  const stored = await stores.db.collection("polls").findOne({ _id: poll.pollId as unknown as never });
  expect(stored?.results).toMatchObject({ answered: 1, counts: [1, 0] });
  // The ended class has no current poll any more; its record has this one, with its answer.
  expect(ok(await learner.emitWithAck("poll:state", { roomId }))).toBeNull();
  const listed = await api<ClassPolls>(cluster.nodes[1]!.url, "GET", `/api/live-classes/${liveClassId}/polls`, {
    token: instructor.accessToken,
  });
  const kept = listed.body.polls.find((p) => p.pollId === poll.pollId);
  expect(kept).toMatchObject({ status: "closed", results: { answered: 1, counts: [1, 0] } });
});
