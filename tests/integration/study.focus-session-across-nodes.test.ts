import type { FocusTimerView } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api, registerUser } from "../helpers/clients";
import { expectStatus } from "../helpers/courses";
import { addSubject, focusEntries, focusStep, rewindTimer, startFocus, studyCluster } from "../helpers/study";

const cluster = studyCluster(2);
const MINUTE_MS = 60_000;

it("started on node A, read on node B, paused and finished: one stored session with its minutes and one award", {
  timeout: 60_000,
}, async () => {
  const [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
  const learner = await registerUser(a);
  const subject = await addSubject(a, learner);
  const started = await startFocus(a, learner, subject.id);
  expect(started).toMatchObject({ subjectId: subject.id, status: "running", focusMs: 25 * MINUTE_MS });

  // A second tab on another node sees the same timer; a second start is refused.
  const reloaded = await api<{ timer: FocusTimerView }>(b, "GET", "/api/study/focus", { token: learner.accessToken });
  expect(reloaded.body.timer).toMatchObject({ sessionId: started.sessionId, status: "running" });
  // Both answers are on Redis's clock: the remaining time differs by exactly the time between them.
  const { timer } = reloaded.body;
  expect(started.remainingMs - timer.remainingMs).toBe(timer.serverNow - started.serverNow);
  const again = await api(b, "POST", "/api/study/focus", {
    token: learner.accessToken,
    body: { subjectId: subject.id },
  });
  expect(again).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });

  await rewindTimer(cluster.stores, learner.user.id, 3 * MINUTE_MS + 5_000);
  const paused = expectStatus(await focusStep(b, learner, started.sessionId, "pause"), 200, "pause");
  expect(paused.status).toBe("paused");
  expect(paused.focusedMs).toBeGreaterThanOrEqual(3 * MINUTE_MS);
  // While paused, time passing adds nothing.
  await rewindTimer(cluster.stores, learner.user.id, 10 * MINUTE_MS);
  const still = await api<{ timer: FocusTimerView }>(a, "GET", "/api/study/focus", { token: learner.accessToken });
  expect(still.body.timer.focusedMs).toBe(paused.focusedMs);

  const finished = expectStatus(await focusStep(a, learner, started.sessionId, "finish"), 200, "finish");
  expect(finished).toMatchObject({
    applied: true,
    session: { id: started.sessionId, subjectId: subject.id, minutes: 3, creditedMinutes: 3 },
  });
  const repeat = expectStatus(await focusStep(b, learner, started.sessionId, "finish"), 200, "second finish");
  expect(repeat).toMatchObject({ applied: false, session: { id: started.sessionId, minutes: 3 } });

  const sessions = await cluster.stores.db.collection("focusSessions").find({}).toArray();
  expect(sessions.filter((s) => String(s.userId) === learner.user.id)).toHaveLength(1);
  const awards = await focusEntries(cluster.stores, learner.user.id);
  expect(awards.map((e) => [e.key, e.amount])).toEqual([[`focus:${started.sessionId}`, 6]]);
  const none = await api<{ timer: null }>(b, "GET", "/api/study/focus", { token: learner.accessToken });
  expect(none.body.timer).toBeNull();
});

it("a learner cannot pause, finish or study another learner's session or subject", { timeout: 60_000 }, async () => {
  const [a] = cluster.nodes.map((n) => n.url) as [string];
  const owner = await registerUser(a);
  const other = await registerUser(a);
  const subject = await addSubject(a, owner);
  const started = await startFocus(a, owner, subject.id);
  expect((await focusStep(a, other, started.sessionId, "pause")).status).toBe(404);
  expect((await focusStep(a, other, started.sessionId, "finish")).status).toBe(404);
  const borrowed = await api(a, "POST", "/api/study/focus", {
    token: other.accessToken,
    body: { subjectId: subject.id },
  });
  expect(borrowed.status).toBe(404);
});
