import type { FocusFinished } from "@chalkline/shared";
import { expect, it } from "vitest";
import { studyKeys } from "../../server/src/features/study/study.keys";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import {
  addSubject,
  focusEntries,
  focusStep,
  rewindTimer,
  startFocus as startFocusNow,
  studyCluster,
} from "../helpers/study";

const DAILY_CAP_MINUTES = 5;
const cluster = studyCluster(2, { STUDY_MAX_FOCUS_MINUTES_PER_DAY: String(DAILY_CAP_MINUTES) });
const MINUTE_MS = 60_000;
/**
 * Where every session of this test starts: noon of one fixed day. Started now and rewound, a
 * session run just after midnight (UTC, the learner's zone) would count for the day before, under
 * another day's cap, and the figures below would not add up.
 */
const NOON = new Date("2026-06-15T12:00:00Z");

/** Starts a focus session whose recorded start is NOON; its focused time still runs from now. */
async function startFocus(url: string, learner: TestAccount, subjectId: string) {
  const started = await startFocusNow(url, learner, subjectId);
  await cluster.stores.redis.hset(studyKeys.timer(cluster.stores.prefix, learner.user.id), "startedAt", NOON.getTime());
  return started;
}

/** Eight finishes of one session at once, spread over both nodes. */
async function finishEverywhere(learner: TestAccount, sessionId: string): Promise<FocusFinished[]> {
  const urls = cluster.nodes.map((n) => n.url);
  const answers = await Promise.all(
    Array.from({ length: 8 }, (_, i) => focusStep(urls[i % urls.length]!, learner, sessionId, "finish")),
  );
  for (const answer of answers) expect(answer.status).toBe(200);
  return answers.map((a) => a.body);
}

it("concurrent finishes award once, never more than the time that passed, the focus length, or the day's cap", {
  timeout: 90_000,
}, async () => {
  const [a] = cluster.nodes.map((n) => n.url) as [string];
  const learner = await registerUser(a);
  const subject = await addSubject(a, learner);
  const settings = { focusSeconds: 4 * 60, breakSeconds: 60, longBreakSeconds: 120, longBreakEvery: 4 };
  expect((await api(a, "PUT", "/api/study/settings", { token: learner.accessToken, body: settings })).status).toBe(200);

  // Finished at once: less than a minute passed, so nothing is earned however many finish it.
  const quick = await startFocus(a, learner, subject.id);
  const quickAnswers = await finishEverywhere(learner, quick.sessionId);
  expect(quickAnswers.filter((f) => f.applied)).toHaveLength(1);
  expect(quickAnswers.map((f) => f.session.minutes)).toEqual(Array(8).fill(0));

  // Ten minutes pass on a four-minute focus: four minutes count.
  const first = await startFocus(a, learner, subject.id);
  await rewindTimer(cluster.stores, learner.user.id, 10 * MINUTE_MS);
  const firstAnswers = await finishEverywhere(learner, first.sessionId);
  expect(firstAnswers.filter((f) => f.applied)).toHaveLength(1);
  for (const f of firstAnswers) expect(f.session).toMatchObject({ minutes: 4, creditedMinutes: 4 });

  // Another four minutes the same day: only one more fits under the cap of five.
  const second = await startFocus(a, learner, subject.id);
  await rewindTimer(cluster.stores, learner.user.id, 4 * MINUTE_MS + 1_000);
  const secondAnswers = await finishEverywhere(learner, second.sessionId);
  expect(secondAnswers.filter((f) => f.applied)).toHaveLength(1);
  for (const f of secondAnswers) expect(f.session).toMatchObject({ minutes: 4, creditedMinutes: 1 });

  const awards = await focusEntries(cluster.stores, learner.user.id);
  expect(awards.map((e) => [e.key, e.amount]).sort()).toEqual([
    [`focus:${first.sessionId}`, 8],
    [`focus:${second.sessionId}`, 2],
  ]);
  const sessions = await cluster.stores.db.collection("focusSessions").find({}).toArray();
  expect(sessions.filter((s) => String(s.userId) === learner.user.id)).toHaveLength(3);
  const days = await cluster.stores.db.collection("studyDays").find({}).toArray();
  const mine = days.filter((d) => String(d.userId) === learner.user.id);
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({ minutes: 8, creditedMinutes: 5, sessions: 3 });
});
