import {
  type FocusFinished,
  type FocusTimerView,
  type Notification,
  type NotificationPage,
  periodKeys,
  type SubjectView,
} from "@chalkline/shared";
import mongoose from "mongoose";
import { afterAll, beforeAll } from "vitest";
import { studyKeys } from "../../server/src/features/study/study.keys";
import { api, type TestAccount } from "./clients";
import { type ClusterNames, newClusterNames, startCluster, stopAll } from "./cluster";
import { expectStatus } from "./courses";
import { openStores, type Stores } from "./ledger";
import { ROOMY_LIMITS } from "./rooms";
import type { ServerNodeHandle } from "./server";

/** `count` nodes on a fresh database for a study test file, with the test's own view of the stores. */
export function studyCluster(count: number, env: Record<string, string> = {}) {
  const handle = {} as { nodes: ServerNodeHandle[]; names: ClusterNames; stores: Stores };
  beforeAll(async () => {
    handle.names = newClusterNames();
    handle.nodes = await startCluster(count, { ...ROOMY_LIMITS, ...env }, handle.names);
    handle.stores = await openStores(handle.names);
  }, 120_000);
  afterAll(async () => {
    await handle.stores?.close();
    await stopAll(handle.nodes ?? []);
  });
  return handle;
}

export async function addSubject(url: string, learner: TestAccount, name = "Algebra", weeklyGoalMinutes = 120) {
  const res = await api<SubjectView>(url, "POST", "/api/study/subjects", {
    token: learner.accessToken,
    body: { name, weeklyGoalMinutes },
  });
  return expectStatus(res, 201, "subject");
}

export async function startFocus(url: string, learner: TestAccount, subjectId: string) {
  const res = await api<FocusTimerView>(url, "POST", "/api/study/focus", {
    token: learner.accessToken,
    body: { subjectId },
  });
  return expectStatus(res, 201, "start focus");
}

export function focusStep(url: string, learner: TestAccount, sessionId: string, step: "pause" | "resume" | "finish") {
  return api<FocusTimerView & FocusFinished>(url, "POST", `/api/study/focus/${sessionId}/${step}`, {
    token: learner.accessToken,
  });
}

/**
 * Moves a timer's start (and its current run's start) `ms` into the past on the server's own
 * record: what the server sees after that much real time, without a test waiting minutes.
 */
export async function rewindTimer(stores: Stores, userId: string, ms: number): Promise<void> {
  const key = studyKeys.timer(stores.prefix, userId);
  const [startedAt, runningSince] = await stores.redis.hmget(key, "startedAt", "runningSince");
  await stores.redis.hset(key, "startedAt", Number(startedAt) - ms);
  if (runningSince) await stores.redis.hset(key, "runningSince", Number(runningSince) - ms);
}

export async function focusEntries(stores: Stores, userId: string) {
  return stores.db
    .collection("xpLedger")
    .find({ userId: new mongoose.Types.ObjectId(userId), reason: "focus_minutes" })
    .toArray();
}

/**
 * Makes the learner's running timer one that started at `startedAt` and has focused `focusedMs`
 * since (its current run began that long ago): a session of the past, finished through the API.
 */
export async function backdateTimer(stores: Stores, userId: string, startedAt: Date, focusedMs: number): Promise<void> {
  const key = studyKeys.timer(stores.prefix, userId);
  const [seconds] = await stores.redis.time();
  const now = Number(seconds) * 1000;
  await stores.redis.hset(key, "startedAt", startedAt.getTime(), "accumulatedMs", 0, "runningSince", now - focusedMs);
}

/** One finished session of the past: started at `startedAt`, `minutes` long. */
export async function seedSession(
  url: string,
  stores: Stores,
  learner: TestAccount,
  subjectId: string,
  startedAt: Date,
  minutes: number,
): Promise<FocusFinished> {
  const started = await startFocus(url, learner, subjectId);
  await backdateTimer(stores, learner.user.id, startedAt, minutes * 60_000);
  return expectStatus(await focusStep(url, learner, started.sessionId, "finish"), 200, "finish seeded session");
}

export async function setTimeZone(url: string, account: TestAccount, timeZone: string): Promise<void> {
  expectStatus(
    await api(url, "PATCH", "/api/me", { token: account.accessToken, body: { timeZone } }),
    200,
    "time zone",
  );
}

/** Focus blocks long enough for any seeded session. */
export const LONG_FOCUS = { focusSeconds: 4 * 3600, breakSeconds: 300, longBreakSeconds: 900, longBreakEvery: 4 };

/** The `study_alert` notifications an instructor or guardian received, newest first. */
export async function studyAlertNotices(url: string, viewer: TestAccount): Promise<Notification[]> {
  const page = await api<NotificationPage>(url, "GET", "/api/notifications?limit=100", { token: viewer.accessToken });
  return expectStatus(page, 200, "notifications").notifications.filter((n) => n.kind === "study_alert");
}

/**
 * Runs `body` with the instant it starts at, and again (it should build its own learners) if the
 * day in `timeZone` turned while it ran. The server reads the same machine's clock, so what it
 * computes for "today" and "this week" is then the day and week of `now`, whenever the test runs:
 * just before midnight, or on a Monday.
 */
export async function onOneDay<T>(body: (now: Date) => Promise<T>, timeZone = "UTC"): Promise<T> {
  for (;;) {
    const now = new Date();
    const sameDay = () => periodKeys(new Date(), timeZone).day === periodKeys(now, timeZone).day;
    try {
      const result = await body(now);
      if (sameDay()) return result;
    } catch (error) {
      if (sameDay()) throw error;
    }
  }
}

/** The start of the hour `now` is in: the same day and week as `now` in any zone a whole number of hours off UTC. */
export const hourStart = (now: Date) => new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
