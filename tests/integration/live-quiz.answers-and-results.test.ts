import { AWARD_POINTS, type LiveQuizView, liveQuizXp, type QuizAttemptView } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it, onTestFailed } from "vitest";
import { api, type ClientSocket, connectSocket, registerUser, type TestAccount } from "../helpers/clients";
import { ledgerEntries, openStores, type Stores } from "../helpers/ledger";
import { ok } from "../helpers/live-client";
import { addQuizLesson, type QuizPlayer, quizPlayer } from "../helpers/live-quiz";
import { classCluster } from "../helpers/rooms";

/** Three nodes: learners spread over the first two; the third runs a question and then dies. */
const cluster = classCluster(3, 3);
let lessonId: string;
let stores: Stores;
const open: Array<{ close(): void }> = [];

beforeAll(async () => {
  const { instructor, course } = cluster.fixture;
  lessonId = await addQuizLesson(cluster.nodes[0]!.url, instructor, course.id);
  stores = await openStores(cluster.names);
});
afterAll(async () => {
  for (const socket of open) socket.close();
  await stores?.close();
});

const url = (node: number) => cluster.nodes[node]!.url;
const roomId = () => cluster.fixture.roomId;

async function player(account: TestAccount, node: number): Promise<QuizPlayer> {
  const joined = await quizPlayer(url(node), account, roomId());
  open.push(joined);
  return joined;
}

async function hostOn(node: number): Promise<ClientSocket> {
  const { socket } = await connectSocket(url(node), cluster.fixture.instructor.accessToken);
  open.push(socket);
  return socket;
}

/** A fresh session of the quiz lesson, ended first if one is running. */
async function launch(host: ClientSocket, secondsPerQuestion = 5): Promise<LiveQuizView> {
  const current = ok(await host.emitWithAck("live-quiz:state", { roomId: roomId() }));
  if (current && current.status !== "ended") {
    ok(await host.emitWithAck("live-quiz:end", { roomId: roomId(), sessionId: current.sessionId }));
  }
  return ok(await host.emitWithAck("live-quiz:launch", { roomId: roomId(), lessonId, secondsPerQuestion }));
}

const command = (
  host: ClientSocket,
  event: "live-quiz:next" | "live-quiz:reveal" | "live-quiz:end",
  sessionId: string,
) => host.emitWithAck(event, { roomId: roomId(), sessionId }).then(ok);

const PICK_CONST = { type: "single", questionId: "q1", optionId: "b" } as const;
const PICK_VAR = { type: "single", questionId: "q1", optionId: "a" } as const;

it("answers count once and only in time; outsiders and the host cannot answer; the deadline reveals", {
  timeout: 60_000,
}, async () => {
  onTestFailed(() => {
    for (const node of cluster.nodes) console.log(`--- ${node.serverId} ---\n${node.logs().slice(-4_000)}`);
  });
  const [ada, bea] = cluster.fixture.learners as [TestAccount, TestAccount];
  const host = await hostOn(0);
  const a = await player(ada, 0);
  const b = await player(bea, 1);
  const { sessionId } = await launch(host);
  const answer = (who: QuizPlayer | ClientSocket, answer: typeof PICK_CONST | typeof PICK_VAR) =>
    ("socket" in who ? who.socket : who).emitWithAck("live-quiz:answer", {
      roomId: roomId(),
      sessionId,
      questionIndex: 0,
      answer,
    });

  // Too early: nothing is open in the lobby.
  expect((await answer(a, PICK_CONST)).ok).toBe(false);
  const asked = b.next("live-quiz:question");
  const question = await command(host, "live-quiz:next", sessionId);
  expect(question).toMatchObject({ status: "question", index: 0, hosting: true });
  expect(JSON.stringify(await asked)).not.toContain("correctOptionId");

  // Ada answers, retries the same answer (accepted again), then tries another (refused).
  expect(ok(await answer(a, PICK_CONST)).answer).toEqual(PICK_CONST);
  expect(ok(await answer(a, PICK_CONST)).answer).toEqual(PICK_CONST);
  const second = await answer(a, PICK_VAR);
  expect(second.ok || second.error.code).toBe("conflict");

  // Someone outside the class, and the host, may not answer.
  const outsider = await registerUser(url(0));
  const { socket: stranger } = await connectSocket(url(1), outsider.accessToken);
  open.push(stranger);
  const refused = await answer(stranger, PICK_CONST);
  expect(refused.ok || refused.error.code).toBe("forbidden");
  const hostAnswer = await answer(host, PICK_CONST);
  expect(hostAnswer.ok || hostAnswer.error.code).toBe("forbidden");

  // Nobody reveals: the deadline does, once, on every follower.
  await expect.poll(() => b.reveals.length, { timeout: 20_000 }).toBe(1);
  const revealed = b.reveals[0]!;
  expect(revealed.counts).toEqual({ a: 0, b: 1, c: 0, d: 0 });
  expect(revealed).toMatchObject({ answered: 1, correctCount: 1, mine: { answer: null, points: 0 } });
  await expect.poll(() => a.reveals.length).toBe(1);
  expect(a.reveals[0]!.mine).toMatchObject({ correct: true, answer: PICK_CONST });
  expect(a.reveals[0]!.mine!.points).toBeGreaterThanOrEqual(500);
  expect(a.reveals[0]!.standings).toMatchObject({ players: 1, me: { rank: 1, correct: 1 } });

  // After the deadline Bea's answer does not count, and Ada's counted once.
  const late = await answer(b, PICK_CONST);
  expect(late.ok || late.error.code).toBe("conflict");
  const view = (await a.state())!;
  expect(view.standings.me?.score).toBe(a.reveals[0]!.mine!.points);
  expect(view.standings.players).toBe(1);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(a.reveals).toHaveLength(1);
});

it("a learner who reconnects to another node keeps their score, rank and answer", { timeout: 60_000 }, async () => {
  const [ada, bea, cem] = cluster.fixture.learners as [TestAccount, TestAccount, TestAccount];
  const host = await hostOn(1);
  const { sessionId } = await launch(host, 30);
  const players = [await player(ada, 0), await player(bea, 1), await player(cem, 0)];
  await command(host, "live-quiz:next", sessionId);
  const choose = (p: QuizPlayer, optionId: string) =>
    p.socket.emitWithAck("live-quiz:answer", {
      roomId: roomId(),
      sessionId,
      questionIndex: 0,
      answer: { type: "single", questionId: "q1", optionId },
    });
  ok(await choose(players[1]!, "b"));
  ok(await choose(players[0]!, "b"));
  ok(await choose(players[2]!, "c"));
  await command(host, "live-quiz:reveal", sessionId);
  await expect.poll(() => players[1]!.reveals.length).toBe(1);
  const before = players[1]!.reveals[0]!;
  expect(before.standings.me).toMatchObject({ rank: 1, correct: 1 });

  // Bea's connection to node 1 drops; she comes back through node 0.
  players[1]!.close();
  const again = await player(bea, 0);
  const view = (await again.state())!;
  expect(view).toMatchObject({ sessionId, status: "reveal", index: 0, myAnswer: { optionId: "b" } });
  expect(view.standings.me).toEqual(before.standings.me);
  expect(view.reveal?.mine).toEqual(before.mine);

  // She plays on from node 0; her score grows from where it was.
  await command(host, "live-quiz:next", sessionId);
  ok(
    await again.socket.emitWithAck("live-quiz:answer", {
      roomId: roomId(),
      sessionId,
      questionIndex: 1,
      answer: { type: "true_false", questionId: "q2", value: true },
    }),
  );
  await command(host, "live-quiz:reveal", sessionId);
  await expect.poll(() => again.reveals.length).toBe(1);
  const after = again.reveals[0]!;
  expect(after.standings.me!.score).toBe(before.standings.me!.score + after.mine!.points);
  expect(after.standings.me).toMatchObject({ rank: 1, correct: 2 });
});

it("the final standings are the stored attempts, and XP is awarded once per learner, for beating their best", {
  timeout: 60_000,
}, async () => {
  const learners = cluster.fixture.learners;
  const host = await hostOn(0);
  const { sessionId } = await launch(host, 30);
  const players = await Promise.all(learners.map((l, i) => player(l, i % 2)));
  const reply = (p: QuizPlayer, index: number, answer: object) =>
    p.socket.emitWithAck("live-quiz:answer", { roomId: roomId(), sessionId, questionIndex: index, answer } as never);

  await command(host, "live-quiz:next", sessionId);
  for (const [i, p] of players.entries()) ok(await reply(p, 0, { ...PICK_CONST, optionId: i === 2 ? "a" : "b" }));
  await command(host, "live-quiz:reveal", sessionId);
  await command(host, "live-quiz:next", sessionId);
  ok(await reply(players[2]!, 1, { type: "true_false", questionId: "q2", value: true }));
  ok(await reply(players[1]!, 1, { type: "true_false", questionId: "q2", value: false }));
  // Ending with a question open closes it first: its answers count.
  const ended = await command(host, "live-quiz:end", sessionId);
  expect(ended.status).toBe("ended");
  await expect.poll(() => players.every((p) => p.ended.length === 1)).toBe(true);
  const final = players[0]!.ended[0]!;
  expect(final.asked).toBe(2);
  expect(final.standings.players).toBe(3);

  const attempts = await stores.db
    .collection("quizAttempts")
    .find({ "live.sessionId": { $exists: true } })
    .toArray();
  const mine = attempts.filter((a) => String(a.live.sessionId) === sessionId);
  const stored = mine
    .map((a) => ({ id: String(a.userId), rank: a.live.rank, score: a.live.score, correct: a.correct }))
    .sort((x, y) => x.rank - y.rank || x.id.localeCompare(y.id));
  const shown = final.standings.top
    .map((s) => ({ id: s.user.id, rank: s.rank, score: s.score, correct: s.correct }))
    .sort((x, y) => x.rank - y.rank || x.id.localeCompare(y.id));
  expect(stored).toEqual(shown);
  for (const [i, p] of players.entries()) {
    expect(p.ended[0]!.standings.me).toEqual(
      (({ rank, score, correct }) => ({ rank, score, correct }))(stored.find((s) => s.id === learners[i]!.user.id)!),
    );
  }
  expect(mine.every((a) => a.total === 2 && a.lessonId.toString() === lessonId)).toBe(true);

  // Ending again (a retry) stores nothing twice and awards nothing twice. A learner's live-quiz XP
  // at this lesson, over every session so far, is what their best result is worth: a session earns
  // only what it adds to the best before it.
  await command(host, "live-quiz:end", sessionId);
  const xp = (await ledgerEntries(stores, "xp")).filter((e) => e.key.startsWith("live-quiz:"));
  const thisSession = xp.filter((e) => e.key === `live-quiz:${sessionId}`).map((e) => String(e.userId));
  expect(new Set(thisSession).size).toBe(thisSession.length);
  const results = attempts.filter((a) => String(a.lessonId) === lessonId);
  for (const learner of learners) {
    const id = learner.user.id;
    const best = Math.max(0, ...results.filter((a) => String(a.userId) === id).map((a) => liveQuizXp(a.live)));
    const earned = xp.filter((e) => String(e.userId) === id).reduce((sum, e) => sum + e.amount, 0);
    expect(earned, `live-quiz XP of ${learner.user.displayName}`).toBe(best);
    // Points: each question once, for its first right answer, however many sessions got it right.
    const rightOnce = new Set(
      results
        .filter((a) => String(a.userId) === id)
        .flatMap((a) =>
          a.results.filter((r: { correct: boolean }) => r.correct).map((r: { questionId: string }) => r.questionId),
        ),
    );
    const paid = (await ledgerEntries(stores, "points")).filter(
      (e) => String(e.userId) === id && e.key.startsWith("quiz-correct:"),
    );
    expect(paid.reduce((sum, e) => sum + e.amount, 0)).toBe(rightOnce.size * AWARD_POINTS.perCorrectAnswer);
  }
  const again = await stores.db
    .collection("quizAttempts")
    .countDocuments({ "live.sessionId": mine[0]!.live.sessionId });
  expect(again).toBe(3);

  // Each attempt counts once in the lesson's quiz statistics, and the learner sees their place.
  const tallied = await stores.db
    .collection("quizTallyEntries")
    .countDocuments({ attemptId: { $in: mine.map((a) => a._id) } });
  expect(tallied).toBe(3);
  const { course } = cluster.fixture;
  const listed = await api<{ attempts: QuizAttemptView[] }>(
    url(0),
    "GET",
    `/api/courses/${course.id}/lessons/${lessonId}/attempts`,
    { token: learners[0]!.accessToken },
  );
  const own = stored.find((s) => s.id === learners[0]!.user.id)!;
  expect(
    listed.body.attempts.find((a) => a.id === String(mine.find((m) => String(m.userId) === own.id)!._id)),
  ).toMatchObject({
    live: { rank: own.rank, score: own.score, players: 3 },
  });
});

it("a question still closes at its deadline when the node that asked it dies", { timeout: 60_000 }, async () => {
  const [ada] = cluster.fixture.learners as [TestAccount];
  const doomed = await hostOn(2);
  const { sessionId } = await launch(doomed);
  const a = await player(ada, 0);
  await command(doomed, "live-quiz:next", sessionId);
  ok(
    await a.socket.emitWithAck("live-quiz:answer", {
      roomId: roomId(),
      sessionId,
      questionIndex: 0,
      answer: PICK_CONST,
    }),
  );
  cluster.nodes[2]!.kill("SIGKILL");
  const revealed = await a.next("live-quiz:reveal");
  expect(revealed).toMatchObject({ sessionId, index: 0, mine: { correct: true } });
  expect(((await a.state()) as LiveQuizView).status).toBe("reveal");
});
