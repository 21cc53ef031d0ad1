import { setTimeout as sleep } from "node:timers/promises";
import mongoose from "mongoose";
import { expect, it } from "vitest";
import { studyKeys } from "../../server/src/features/study/study.keys";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { buildCourse, enrolledLearner, READING, registerInstructor } from "../helpers/courses";
import { linkWithCode } from "../helpers/guardians";
import { addSubject, LONG_FOCUS, seedSession, studyAlertNotices, studyCluster } from "../helpers/study";

/** Both nodes try to sweep every half second: far more often than any real setting. */
const cluster = studyCluster(2, { STUDY_ALERT_SWEEP_SECONDS: "0.5" });
const DAY_MS = 86_400_000;
const WAIT_MS = 40_000;

/** Polls until `done` holds, or fails after WAIT_MS. */
async function waitUntil(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${WAIT_MS} ms`);
    await sleep(100);
  }
}

/** Waits until `count` more sweeps took the cluster's lock (each take sets a fresh expiry). */
async function sweepsPass(count: number): Promise<void> {
  const { redis, prefix } = cluster.stores;
  const lock = studyKeys.alertSweepLock(prefix);
  let seen = 0;
  let lastTtl = Number.POSITIVE_INFINITY;
  await waitUntil(`${count} sweeps`, async () => {
    const ttl = await redis.pttl(lock);
    if (ttl > lastTtl) seen++;
    lastTtl = ttl;
    return seen >= count;
  });
}

it("the sweep tells an instructor of a learner without progress and a guardian of a broken streak once, however many sweeps on two nodes find them", {
  timeout: 120_000,
}, async () => {
  const [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
  const instructor = await registerInstructor(a);
  const built = await buildCourse(a, instructor, [READING]);
  const idle = await enrolledLearner(a, built.course.id);
  // Enrolled ten days ago, and nothing done since.
  await cluster.stores.db
    .collection("enrollments")
    .updateMany(
      { userId: new mongoose.Types.ObjectId(idle.user.id) },
      { $set: { createdAt: new Date(Date.now() - 10 * DAY_MS) } },
    );

  // A five-day run of study that ended three days ago.
  const guardian = await registerUser(b, "guardian");
  const steady: TestAccount = await registerUser(b);
  await linkWithCode(b, steady, guardian);
  await api(b, "PUT", "/api/study/settings", { token: steady.accessToken, body: LONG_FOCUS });
  const subject = await addSubject(b, steady);
  for (let back = 3; back < 8; back++) {
    await seedSession(b, cluster.stores, steady, subject.id, new Date(Date.now() - back * DAY_MS), 20);
  }

  const told = async (viewer: TestAccount, learner: TestAccount) =>
    (await studyAlertNotices(a, viewer)).filter((n) => n.text.startsWith(`${learner.user.displayName}:`));
  await waitUntil("the instructor is told", async () => (await told(instructor, idle)).length > 0);
  await waitUntil("the guardian is told", async () => (await told(guardian, steady)).length > 0);
  // Further sweeps, by either node, find the same alerts and tell nobody again.
  await sweepsPass(4);
  const instructorTold = await told(instructor, idle);
  expect(instructorTold.map((n) => n.text)).toEqual([
    expect.stringContaining("No progress in this course for 10 days"),
  ]);
  const guardianTold = await told(guardian, steady);
  expect(guardianTold.map((n) => n.text)).toEqual([expect.stringContaining("A 5-day study streak ended")]);
  // Only the alerts of their own learners reach them.
  expect(await told(instructor, steady)).toEqual([]);
  expect(await told(guardian, idle)).toEqual([]);
});
