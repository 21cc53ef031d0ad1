/**
 * Struggling-learner alerts at a school's size. The store is filled first: `--learners` learners in
 * several time zones enrolled in a course, `--documents` quiz attempts (the growth bench's fill),
 * lesson progress records and daily study summaries, and guardian links (lib/study-fill.ts). Then:
 *
 * 1. Failed quiz attempts answered a second over HTTP, each with its `repeated_failures` check, by
 *    `--concurrency` submissions in flight for `--attempt-seconds`, and the store commands the node
 *    ran per attempt (its metrics); against the plain MongoDB driver's single-document inserts into
 *    the same store at the same concurrency, measured in the same run.
 * 2. The hourly sweep (`no_progress`, `streak_broken`) over the whole population, run in this process
 *    against the node's stores: its duration and the store queries it issued, on the first sweep
 *    (which tells every alert) and a second (nothing new). For comparison, the per-learner reads
 *    the sweep made before it read in batches, timed over `--sample` learners and extrapolated to
 *    the population (telling left out, so a lower bound).
 *
 * stdout: one JSON line per case, then a summary line. stderr: progress. Figures are printed, never
 * judged: the exit code is non-zero only when something breaks.
 *
 *   node --import tsx tests/bench/study-alerts.bench.ts --learners 3000 --documents 20000
 *     --concurrency 16 --attempt-seconds 15 --sample 40
 */
import { performance } from "node:perf_hooks";
import mongoose from "mongoose";
import { NotificationsService } from "../../server/src/features/notifications/notifications.service";
import { StudyAlertNotices } from "../../server/src/features/study/alerts.notices";
import { everyCourse, noProgress, streakBroken } from "../../server/src/features/study/alerts.service";
import { followedLearners } from "../../server/src/features/study/alerts.sweep";
import { studyKeys } from "../../server/src/features/study/study.keys";
import { createRedis } from "../../server/src/platform/redis";
import { api } from "../helpers/clients";
import { TEST_METRICS_TOKEN } from "../helpers/metrics";
import { callsPer, callTotals } from "./lib/call-profile";
import { BENCH_NODE_ENV, startBenchCluster } from "./lib/chalkline";
import { ratio, round } from "./lib/fanout";
import { GrowthFill } from "./lib/growth-fill";
import { quizAnswers, setUpGrowthFixture } from "./lib/growth-fixture";
import { parseFlags } from "./lib/options";
import { type BenchContext, runBench, startNode } from "./lib/run";
import { driverInserts } from "./lib/store-baseline";
import { fillStudy } from "./lib/study-fill";

const BENCH = "study-alerts";
const DRIVER_WRITES = 2_000;
const QUIZ_LESSONS = 3;
const FILL_SECONDS = 5;

const FLAGS = {
  learners: { key: "learners", env: "BENCH_LEARNERS", fallback: 3_000 },
  documents: { key: "documents", env: "BENCH_DOCUMENTS", fallback: 20_000 },
  concurrency: { key: "concurrency", env: "BENCH_CONCURRENCY", fallback: 16 },
  "attempt-seconds": { key: "attemptSeconds", env: "BENCH_ATTEMPT_SECONDS", fallback: 15 },
  sample: { key: "sample", env: "BENCH_SAMPLE", fallback: 40 },
} as const;

async function main(ctx: BenchContext): Promise<void> {
  const { cleanup, progress, emit } = ctx;
  const startedAt = performance.now();
  const opts = parseFlags(FLAGS, process.argv.slice(2), process.env, progress);
  const cluster = await startBenchCluster(ctx);
  // The node's own sweep runs once at start, on an empty store; this bench runs the measured ones.
  const env = { ...BENCH_NODE_ENV, SEED_DEMO: "true", METRICS_TOKEN: TEST_METRICS_TOKEN };
  const node = await startNode(ctx, { ...cluster, env: { ...env, STUDY_ALERT_SWEEP_SECONDS: "86400" } });

  progress(`filling: ${opts.documents} quiz attempts, ${opts.learners} learners' progress and study days`);
  const fixture = await setUpGrowthFixture(node.url, { rooms: 1, learnersPerRoom: 4, quizLessons: QUIZ_LESSONS });
  const { value: fill } = await cleanup.start(
    "fill",
    GrowthFill.open({ ...cluster, fixture, users: 100, inFlight: { service: opts.concurrency, chat: 1 } }),
    (f) => f.close(),
  );
  const attempts = await fill.fill("quizzes", opts.documents, { bulk: true, serviceSeconds: FILL_SECONDS });
  const course = fixture.classes[0]!.course;
  const study = await fillStudy({
    tag: cluster.dbName,
    courseId: course.id,
    learners: opts.learners,
    documents: opts.documents,
  });
  emit({ bench: BENCH, case: "fill", quizAttempts: attempts.to.quizAttempts, inserted: study.inserted });

  // 1. Failed attempts over HTTP, against the driver's inserts.
  progress(`plain driver: ${DRIVER_WRITES} inserts, ${opts.concurrency} in flight`);
  const driver = await driverInserts(cluster.services.mongoUrl, cluster.dbName, opts.concurrency, DRIVER_WRITES);
  emit({ bench: BENCH, case: "driver-inserts", ...driver });
  progress(`measuring: failed attempts for ${opts.attemptSeconds} s, ${opts.concurrency} in flight`);
  const takers = [fixture.probe, ...fixture.classes[0]!.learners];
  const callsBefore = await callTotals(node.url);
  const latencies: number[] = [];
  const until = performance.now() + opts.attemptSeconds * 1000;
  const began = performance.now();
  let n = 0;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (performance.now() < until) {
        const i = n++;
        const lessonId = fixture.quizLessonIds[i % QUIZ_LESSONS]!;
        const sent = performance.now();
        const answer = await api(node.url, "POST", `/api/courses/${course.id}/lessons/${lessonId}/attempts`, {
          token: takers[i % takers.length]!.accessToken,
          body: { answers: quizAnswers(false) },
        });
        if (answer.status >= 300) throw new Error(`attempt refused: ${answer.status} ${JSON.stringify(answer.body)}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  const calls = callsPer(callsBefore, await callTotals(node.url), latencies.length, 100);
  const storeCommandsPerAttempt = round(
    calls.filter((c) => c.call.startsWith("db ")).reduce((sum, c) => sum + c.perUnit, 0),
    1,
  );
  latencies.sort((a, b) => a - b);
  const attemptsPerSec = round(latencies.length / seconds, 1);
  emit({
    bench: BENCH,
    case: "failed-attempts-1-node",
    attempts: latencies.length,
    attemptsPerSec,
    p50Ms: round(latencies[latencies.length >> 1]!, 1),
    p99Ms: round(latencies[Math.floor(latencies.length * 0.99)]!, 1),
    storeCommandsPerAttempt,
    callsPerAttempt: calls.slice(0, 10),
  });

  // 2. The sweep, in this process, counting the store queries it issues.
  const redis = createRedis(cluster.services.redisUrl);
  cleanup.add("redis", () => redis.disconnect());
  const prefix = `${cluster.keyPrefix}:`;
  const notifications = new NotificationsService(redis, prefix, () => {});
  let queries = new Map<string, number>();
  mongoose.set("debug", (collection: string, method: string) => {
    const key = `${collection}.${method}`;
    queries.set(key, (queries.get(key) ?? 0) + 1);
  });
  const counted = () => {
    const byCall = Object.fromEntries([...queries].sort((a, b) => b[1] - a[1]));
    queries = new Map();
    return { queries: Object.values(byCall).reduce((a, b) => a + b, 0), byCall };
  };
  const sweep = async (label: string) => {
    await redis.del(studyKeys.alertSweepLock(prefix));
    counted();
    let failure: unknown = null;
    const t0 = performance.now();
    const notices = StudyAlertNotices.start(redis, prefix, notifications, {
      sweepMs: 86_400_000,
      nodeId: "bench",
      onError: (error) => {
        failure = error;
      },
    });
    await notices.close();
    const ms = performance.now() - t0;
    if (failure) throw failure;
    const figures = { bench: BENCH, case: `sweep-${label}`, learners: followed.length, ms: round(ms, 0), ...counted() };
    emit(figures);
    return figures;
  };
  const followed = await followedLearners();
  progress(`sweeping ${followed.length} learners: first (tells every alert), then again (nothing new)`);
  const first = await sweep("first");
  const again = await sweep("again");

  progress(`per-learner reads, as the sweep made them before, over ${opts.sample} learners`);
  counted();
  const t0 = performance.now();
  const now = new Date();
  for (const learnerId of followed.slice(0, opts.sample)) {
    await noProgress(learnerId, everyCourse(learnerId), now);
    await streakBroken(learnerId, now);
  }
  const perLearnerMs = (performance.now() - t0) / opts.sample;
  const perLearner = counted();
  const oldWay = {
    sampled: opts.sample,
    msPerLearner: round(perLearnerMs, 1),
    queriesPerLearner: round(perLearner.queries / opts.sample, 1),
    extrapolatedMs: round(perLearnerMs * followed.length, 0),
    extrapolatedQueries: Math.round((perLearner.queries / opts.sample) * followed.length),
  };
  emit({ bench: BENCH, case: "sweep-per-learner-reads", followed: followed.length, ...oldWay });
  mongoose.set("debug", false);

  emit({
    bench: BENCH,
    case: "summary",
    attemptsPerSec,
    driverInsertsPerSec: driver.writesPerSec,
    ratioToDriverInserts: ratio(attemptsPerSec, driver.writesPerSec),
    storeCommandsPerAttempt,
    dominatedBy: calls.slice(0, 3),
    sweep: {
      learners: followed.length,
      firstMs: first.ms,
      firstQueries: first.queries,
      againMs: again.ms,
      againQueries: again.queries,
      perLearnerReadsMs: oldWay.extrapolatedMs,
      perLearnerReadsQueries: oldWay.extrapolatedQueries,
      speedUp: ratio(oldWay.extrapolatedMs, again.ms),
    },
    totalSeconds: round((performance.now() - startedAt) / 1000, 1),
  });
}

await runBench(BENCH, main);
