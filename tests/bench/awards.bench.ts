/**
 * The award path — admin grant over HTTP → ledger chain inserts in the MongoDB-compatible store →
 * balance fold → ZINCRBY on every board the entry belongs to → coalesced `leaderboard:updated`
 * push to a watcher — in awards a second, as a ratio against the raw ZINCRBY rate of the same Redis
 * measured in the same run with `redis-benchmark`, and against the plain MongoDB driver's
 * single-document inserts into the same store. Each award writes 2 ledger entries and touches
 * 9 boards (global, course and class × week, month, all time), so the ratio says how much of the
 * sorted sets' speed the whole path keeps, not that it should approach 1. Concurrent awards are
 * group-committed: a batch costs a fixed number of store round trips, so the figure follows how many
 * awards are in flight and what one round trip costs. Before measuring, the stores are filled as a
 * term of use leaves them (`--prefill`, see lib/prefill.ts; 0 for an empty store).
 *
 * stdout: one JSON line per case, then a summary line. stderr: progress. Figures are printed, never
 * judged: the exit code is non-zero only when something breaks.
 *
 *   node --import tsx tests/bench/awards.bench.ts --awards 600 --concurrency 16 --learners 20 --prefill 20000
 */
import { performance } from "node:perf_hooks";
import type { AdminAwardBody, LeaderboardView } from "@chalkline/shared";
import { api, connectSocket } from "../helpers/clients";
import { loginDemo } from "../helpers/cluster";
import { grant } from "../helpers/ledger";
import { classWithLearners } from "../helpers/rooms";
import { BENCH_NODE_ENV, startBenchCluster } from "./lib/chalkline";
import { ratio, round } from "./lib/fanout";
import { parseFlags } from "./lib/options";
import { PREFILL_FLAG, prefillStores } from "./lib/prefill";
import { redisBenchmark } from "./lib/redis-benchmark";
import { type BenchContext, runBench, startNode } from "./lib/run";
import { driverInserts } from "./lib/store-baseline";

const BENCH = "awards";
const PUSH_TIMEOUT_MS = 30_000;
const DRIVER_WRITES = 2_000;
/** The data-growth goal for one node. */
const GOAL_AWARDS_PER_SEC = 2_000;

const FLAGS = {
  awards: { key: "awards", env: "BENCH_AWARDS", fallback: 600 },
  concurrency: { key: "concurrency", env: "BENCH_CONCURRENCY", fallback: 64 },
  learners: { key: "learners", env: "BENCH_LEARNERS", fallback: 20 },
  warmup: { key: "warmup", env: "BENCH_WARMUP", fallback: 60, min: 0 },
  "zincrby-requests": { key: "zincrbyRequests", env: "BENCH_ZINCRBY_REQUESTS", fallback: 200_000 },
  ...PREFILL_FLAG,
} as const;

async function main(ctx: BenchContext): Promise<void> {
  const { progress, emit } = ctx;
  const startedAt = performance.now();
  const opts = parseFlags(FLAGS, process.argv.slice(2), process.env, progress);
  const cluster = await startBenchCluster(ctx);
  const node = await startNode(ctx, { ...cluster, env: { ...BENCH_NODE_ENV, SEED_DEMO: "true" } });
  await prefillStores(ctx, BENCH, cluster, node.url, opts.prefill);
  const redisPort = Number(new URL(cluster.services.redisUrl).port);

  // 1. Baseline: ZINCRBY straight into the same Redis, at redis-benchmark's default 50 clients and
  // at the award path's concurrency.
  const zincrby = async (clients: number) => {
    progress(`redis-benchmark: ZINCRBY with ${clients} clients`);
    const key = `${cluster.keyPrefix}:bench:zincrby`;
    const result = await redisBenchmark({
      port: redisPort,
      clients,
      requests: opts.zincrbyRequests,
      keyspace: 1000,
      command: ["zincrby", key, "1", "member:__rand_int__"],
    });
    emit({ bench: BENCH, case: `redis-zincrby-${clients}-clients`, ...result });
    return result;
  };
  const baseline = await zincrby(50);
  const matched = await zincrby(opts.concurrency);
  progress(`plain driver: ${DRIVER_WRITES} inserts, ${opts.concurrency} in flight`);
  const driver = await driverInserts(cluster.services.mongoUrl, cluster.dbName, opts.concurrency, DRIVER_WRITES);
  emit({ bench: BENCH, case: "driver-inserts", ...driver });

  // 2. The award path on one node, watched by one learner's socket on the class board.
  progress(`registering and enrolling ${opts.learners} learners (one at a time: argon2)`);
  const fixture = await classWithLearners(node.url, opts.learners);
  const admin = await loginDemo(node.url, "admin");
  const watcher = fixture.learners[0]!;
  const { socket } = await connectSocket(node.url, watcher.accessToken);
  ctx.cleanup.add("watcher socket", () => socket.close());
  const board = { scope: "class" as const, scopeId: fixture.roomId, period: "week" as const };
  const pushes: Array<{ at: number; view: LeaderboardView }> = [];
  socket.on("leaderboard:updated", (view) => pushes.push({ at: performance.now(), view }));
  const watched = await socket.emitWithAck("leaderboard:watch", board);
  if (!watched.ok) throw new Error(`leaderboard:watch refused: ${watched.error.code}`);

  const awardBody = (n: number, tag: string): AdminAwardBody => ({
    userId: fixture.learners[n % fixture.learners.length]!.user.id,
    reason: "lesson_completed",
    key: `${tag}:${n}`,
    courseId: fixture.course.id,
    roomId: fixture.roomId,
  });
  const run = async (count: number, tag: string) => {
    const latencies: number[] = [];
    let next = 0;
    const began = performance.now();
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (next < count) {
          const body = awardBody(next++, tag);
          const sent = performance.now();
          const answer = await grant(node.url, admin.accessToken, body);
          if (answer.status !== 201) throw new Error(`award refused: ${answer.status} ${JSON.stringify(answer.body)}`);
          latencies.push(performance.now() - sent);
        }
      }),
    );
    return { latencies: latencies.sort((a, b) => a - b), began, ended: performance.now() };
  };

  if (opts.warmup > 0) {
    progress(`warming up: ${opts.warmup} awards`);
    await run(opts.warmup, "warm");
  }
  pushes.length = 0;
  progress(`measuring: ${opts.awards} awards, ${opts.concurrency} in flight`);
  const { latencies, began, ended } = await run(opts.awards, "run");
  const lastPushAt = await finalPush(node.url, watcher.accessToken, board, pushes);
  const seconds = (ended - began) / 1000;
  const awardsPerSec = round(opts.awards / seconds, 1);
  const pct = (p: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!, 1);
  const pushSeconds = Math.max(1, Math.ceil((lastPushAt - began) / 1000));
  const path = {
    awards: opts.awards,
    concurrency: opts.concurrency,
    learners: opts.learners,
    prefilled: opts.prefill,
    wallMs: round(ended - began, 0),
    awardsPerSec,
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
    pushes: pushes.length,
    pushesPerSec: round(pushes.length / pushSeconds, 2),
    lastAwardToFinalPushMs: round(lastPushAt - ended, 0),
  };
  emit({ bench: BENCH, case: "award-path-1-node", ...path });

  emit({
    bench: BENCH,
    case: "summary",
    awardsPerSec,
    zincrbyPerSec: { clients50: baseline.opsPerSec, [`clients${opts.concurrency}`]: matched.opsPerSec },
    ratioToZincrby: ratio(awardsPerSec, baseline.opsPerSec),
    ratioToZincrbySameConcurrency: ratio(awardsPerSec, matched.opsPerSec),
    driverInsertsPerSec: driver.writesPerSec,
    ratioToDriverInserts: ratio(awardsPerSec, driver.writesPerSec),
    goal: {
      awardsPerSec: GOAL_AWARDS_PER_SEC,
      met: awardsPerSec >= GOAL_AWARDS_PER_SEC,
      ratioToGoal: ratio(awardsPerSec, GOAL_AWARDS_PER_SEC),
    },
    dominatedBy:
      "store round trips: a batch makes 5 in sequence (time zones + balances + intents, two ledger inserts, balance fold, gift thresholds per learner, intents' delete), plus one user read per HTTP request to authenticate; each costs about driver p50",
    boardWritesPerAward: 9,
    note: "each award = 2 ledger inserts + balance fold + 9 ZINCRBY in one script + publish; ratios are printed, never judged",
    totalSeconds: round((performance.now() - startedAt) / 1000, 1),
  });
}

/** When the watcher got the push showing the board as it ended (compared with a fresh read). */
async function finalPush(
  url: string,
  token: string,
  board: { scope: "class"; scopeId: string; period: "week" },
  pushes: Array<{ at: number; view: LeaderboardView }>,
): Promise<number> {
  const query = `/api/leaderboards/class?scopeId=${board.scopeId}&period=week`;
  const final = JSON.stringify((await api<LeaderboardView>(url, "GET", query, { token })).body);
  const deadline = performance.now() + PUSH_TIMEOUT_MS;
  for (;;) {
    const hit = pushes.find((p) => JSON.stringify(p.view) === final);
    if (hit) return hit.at;
    if (performance.now() > deadline) throw new Error("the watcher never got the final board");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

await runBench(BENCH, main);
