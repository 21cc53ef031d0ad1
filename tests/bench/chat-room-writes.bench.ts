/**
 * One busy room: `--senders` learners (24 by default) each send `chat:send` as fast as their acks
 * come back, for `--seconds`, on one node. Prints messages stored a second (an ack means stored),
 * against the plain MongoDB driver's single-document inserts into the same store at the same
 * concurrency measured in the same run, and how far the figure is from the goal of 2,000 a second.
 * Concurrent sends of a room are group-committed (chat.sequencer.ts), so each batch costs one
 * insert and one Redis turn however many messages it carries. Before measuring, the stores are
 * filled as a term of use leaves them (`--prefill`, see lib/prefill.ts; 0 for an empty store).
 *
 * stdout: one JSON line per case, then a summary line. stderr: progress. Figures are printed, never
 * judged: the exit code is non-zero only when something breaks.
 *
 *   node --import tsx tests/bench/chat-room-writes.bench.ts --senders 24 --seconds 10 --prefill 20000
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { connectSocket } from "../helpers/clients";
import { TEST_METRICS_TOKEN } from "../helpers/metrics";
import { classWithLearners } from "../helpers/rooms";
import { callsPer, callTotals } from "./lib/call-profile";
import { BENCH_NODE_ENV, sendChat, startBenchCluster } from "./lib/chalkline";
import { percentile, ratio, round } from "./lib/fanout";
import { parseFlags } from "./lib/options";
import { PREFILL_FLAG, prefillStores } from "./lib/prefill";
import { type BenchContext, runBench, startNode } from "./lib/run";
import { driverInserts } from "./lib/store-baseline";

const BENCH = "chat-room-writes";
const GOAL_MESSAGES_PER_SEC = 2_000;
const DRIVER_WRITES = 3_000;

const FLAGS = {
  senders: { key: "senders", env: "BENCH_SENDERS", fallback: 24 },
  seconds: { key: "seconds", env: "BENCH_SECONDS", fallback: 10 },
  warmup: { key: "warmup", env: "BENCH_WARMUP_SECONDS", fallback: 2, min: 0 },
  ...PREFILL_FLAG,
} as const;

async function main(ctx: BenchContext): Promise<void> {
  const { progress, emit } = ctx;
  const startedAt = performance.now();
  const opts = parseFlags(FLAGS, process.argv.slice(2), process.env, progress);
  const cluster = await startBenchCluster(ctx);
  const node = await startNode(ctx, {
    ...cluster,
    env: { ...BENCH_NODE_ENV, SEED_DEMO: "true", METRICS_TOKEN: TEST_METRICS_TOKEN },
  });
  await prefillStores(ctx, BENCH, cluster, node.url, opts.prefill);

  progress(`plain driver: ${DRIVER_WRITES} inserts, ${opts.senders} in flight`);
  const driver = await driverInserts(cluster.services.mongoUrl, cluster.dbName, opts.senders, DRIVER_WRITES);
  emit({ bench: BENCH, case: "driver-inserts", ...driver });

  progress(`registering and enrolling ${opts.senders} learners (one at a time: argon2)`);
  const fixture = await classWithLearners(node.url, opts.senders);
  const sockets = await Promise.all(
    fixture.learners.map(async (learner) => {
      const { socket } = await connectSocket(node.url, learner.accessToken);
      ctx.cleanup.add("sender socket", () => socket.close());
      const joined = await socket.emitWithAck("room:join", { roomId: fixture.roomId });
      if (!joined.ok) throw new Error(`room:join refused: ${joined.error.code}`);
      return socket;
    }),
  );

  const run = async (seconds: number) => {
    const latencies: number[] = [];
    const until = performance.now() + seconds * 1000;
    const began = performance.now();
    await Promise.all(
      sockets.map(async (socket) => {
        while (performance.now() < until) {
          const sent = performance.now();
          await sendChat(socket, fixture.roomId, randomUUID().replaceAll("-", ""), "a message of ordinary length");
          latencies.push(performance.now() - sent);
        }
      }),
    );
    return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - began) / 1000 };
  };
  if (opts.warmup > 0) {
    progress(`warming up for ${opts.warmup} s`);
    await run(opts.warmup);
  }
  progress(`measuring: ${opts.senders} senders for ${opts.seconds} s`);
  const callsBefore = await callTotals(node.url);
  const { latencies, seconds } = await run(opts.seconds);
  const calls = callsPer(callsBefore, await callTotals(node.url), latencies.length);
  const perSec = round(latencies.length / seconds, 1);
  emit({
    bench: BENCH,
    case: "one-room-1-node",
    senders: opts.senders,
    prefilled: opts.prefill,
    messages: latencies.length,
    messagesPerSec: perSec,
    p50Ms: round(percentile(latencies, 50), 1),
    p99Ms: round(percentile(latencies, 99), 1),
    callsPerMessage: calls,
  });
  emit({
    bench: BENCH,
    case: "summary",
    messagesPerSec: perSec,
    driverInsertsPerSec: driver.writesPerSec,
    ratioToDriverInserts: ratio(perSec, driver.writesPerSec),
    goal: {
      messagesPerSec: GOAL_MESSAGES_PER_SEC,
      met: perSec >= GOAL_MESSAGES_PER_SEC,
      ratioToGoal: ratio(perSec, GOAL_MESSAGES_PER_SEC),
    },
    dominatedBy: calls.slice(0, 3),
    path: "per batch: the room's Redis turn, one ordered insertMany, the room's lastSeq update and the Redis window; per message: socket.io, auth and access checks, zod validation",
    totalSeconds: round((performance.now() - startedAt) / 1000, 1),
  });
}

await runBench(BENCH, main);
