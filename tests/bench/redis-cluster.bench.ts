/**
 * Redis Cluster against a single Redis, in the same run on the same store: chat fan-out over two
 * nodes (deliveries a second, send → last-receiver latency) and the award path's throughput, each
 * first on the single embedded Redis, then on a three-master Redis Cluster started from the same
 * redis-server binary; the summary prints cluster ÷ single for each figure. On one machine the
 * three masters share its cores, so the ratio shows what the cluster's routing costs (sharded
 * pub/sub, per-node batches), not the headroom it buys across machines.
 *
 * stdout: one JSON line per case, then a summary line. stderr: progress. Figures are printed, never
 * judged: the exit code is non-zero only when something breaks.
 *
 *   node --import tsx tests/bench/redis-cluster.bench.ts --clients 30 --senders 10 --messages 20 --awards 400
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startRedisCluster } from "@chalkline/server/embedded";
import { loginDemo } from "../helpers/cluster";
import { uniqueName } from "../helpers/ids";
import { grant } from "../helpers/ledger";
import { classWithLearners } from "../helpers/rooms";
import { BENCH_NODE_ENV, type BenchCluster, connectChatClient, startBenchCluster } from "./lib/chalkline";
import { FanoutMeter, type FanoutResult, payloadText, ratio, round } from "./lib/fanout";
import { parseFlags } from "./lib/options";
import { type BenchContext, connectAll, runBench, startNode } from "./lib/run";

const BENCH = "redis-cluster";
const ROUND_TIMEOUT_MS = 120_000;

const FLAGS = {
  clients: { key: "clients", env: "BENCH_CLIENTS", fallback: 30 },
  senders: { key: "senders", env: "BENCH_SENDERS", fallback: 10 },
  messages: { key: "messagesPerSender", env: "BENCH_MESSAGES", fallback: 20 },
  "payload-bytes": { key: "payloadBytes", env: "BENCH_PAYLOAD_BYTES", fallback: 200 },
  awards: { key: "awards", env: "BENCH_AWARDS", fallback: 400 },
  concurrency: { key: "concurrency", env: "BENCH_CONCURRENCY", fallback: 32 },
} as const;

type Options = Record<(typeof FLAGS)[keyof typeof FLAGS]["key"], number>;

interface TargetResult {
  fanout: FanoutResult;
  awardsPerSec: number;
  awardP50Ms: number;
}

async function main(ctx: BenchContext): Promise<void> {
  const { progress, emit, cleanup } = ctx;
  const startedAt = performance.now();
  const opts = parseFlags(FLAGS, process.argv.slice(2), process.env, progress);
  const base = await startBenchCluster(ctx);

  progress("starting a three-master Redis Cluster");
  const dataDir = await mkdtemp(join(tmpdir(), "chalkline-bench-cluster-"));
  cleanup.add("cluster dir", () => rm(dataDir, { recursive: true, force: true }));
  const { value: cluster } = await cleanup.start("redis cluster", startRedisCluster({ dataDir }), (c) => c.stop());

  const single = await measureTarget(ctx, "single", base, opts);
  const onCluster = await measureTarget(
    ctx,
    "cluster",
    {
      services: { ...base.services, redisUrl: cluster.url },
      dbName: uniqueName("bench"),
      keyPrefix: uniqueName("bk"),
    },
    opts,
  );
  emit({
    bench: BENCH,
    case: "summary",
    ...opts,
    clusterToSingle: {
      deliveriesPerSec: ratio(onCluster.fanout.deliveriesPerSec, single.fanout.deliveriesPerSec),
      fanoutP99Ms: ratio(onCluster.fanout.p99Ms, single.fanout.p99Ms),
      awardsPerSec: ratio(onCluster.awardsPerSec, single.awardsPerSec),
      awardP50Ms: ratio(onCluster.awardP50Ms, single.awardP50Ms),
    },
    note: "one machine: the cluster's three masters share its cores; ratios are printed, never judged",
    totalSeconds: round((performance.now() - startedAt) / 1000, 1),
  });
}

/** Two nodes on `target`'s Redis: chat fan-out across them, then awards through the first. */
async function measureTarget(
  ctx: BenchContext,
  name: "single" | "cluster",
  target: BenchCluster,
  opts: Options,
): Promise<TargetResult> {
  const { progress, emit } = ctx;
  progress(`${name}: starting two nodes`);
  const first = await startNode(ctx, { ...target, env: { ...BENCH_NODE_ENV, SEED_DEMO: "true" } });
  const second = await startNode(ctx, { ...target, env: BENCH_NODE_ENV });
  progress(`${name}: registering and enrolling ${opts.clients} learners (one at a time: argon2)`);
  const fixture = await classWithLearners(first.url, opts.clients);
  const urls = [first.url, second.url];
  const chat = await connectAll(ctx, `${name} chat clients`, opts.clients, (i) =>
    connectChatClient(urls[i % 2]!, fixture.learners[i]!.accessToken, fixture.roomId),
  );
  const meter = new FanoutMeter(chat.clients);
  const text = payloadText(opts.payloadBytes);
  const fanoutRound = (phase: string, perSender: number) =>
    meter.run({
      tag: `${name}_${phase}`,
      senders: chat.clients.slice(0, opts.senders),
      perSender,
      text,
      timeoutMs: ROUND_TIMEOUT_MS,
    });
  await fanoutRound("warm", Math.max(1, Math.floor(opts.messagesPerSender / 4)));
  const fanout = await fanoutRound("run", opts.messagesPerSender);
  await chat.close();
  emit({ bench: BENCH, case: `chat-fanout-${name}`, ...fanout });

  const admin = await loginDemo(first.url, "admin");
  const latencies: number[] = [];
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < opts.awards) {
        const n = next++;
        const sent = performance.now();
        const answer = await grant(first.url, admin.accessToken, {
          userId: fixture.learners[n % fixture.learners.length]!.user.id,
          reason: "lesson_completed",
          key: `${name}:${n}`,
          courseId: fixture.course.id,
          roomId: fixture.roomId,
        });
        if (answer.status !== 201) throw new Error(`award refused: ${answer.status} ${JSON.stringify(answer.body)}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  const result = {
    fanout,
    awardsPerSec: round(opts.awards / seconds, 1),
    awardP50Ms: round(latencies[Math.floor(latencies.length / 2)]!, 1),
  };
  emit({ bench: BENCH, case: `awards-${name}`, awardsPerSec: result.awardsPerSec, p50Ms: result.awardP50Ms });
  return result;
}

await runBench(BENCH, main);
