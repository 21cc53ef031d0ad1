/**
 * Does the product stay fast as its data grows? The collections that grow with use — chat messages,
 * the XP and points ledgers, quiz attempts, attendance, notifications — are filled to each size
 * (10k, 100k by default; 1M with `--max 1000000`) through the product's own write paths: chat with
 * `chat:send` over real sockets from many senders in many rooms (the node group-commits), the rest
 * through the server's services in this process (AwardsService, QuizService, LiveService,
 * NotificationsService) against the node's database. The fill rate of each is printed. Awards, quiz
 * submissions and attendance read the collections they grow, and on FerretDB every read scans its
 * collection, so their service path slows with size and would need hours to reach 100k: by default
 * the services write them for `--service-seconds` per size (their rate at that size is printed) and
 * the rest is inserted in bulk, shaped by the product's own builders and schemas (`--bulk 0`: the
 * services write everything).
 *
 * At each size a learner's real client measures, against the running node: `chat:send`,
 * `chat:history` (newest page and one older than Redis keeps), `chat:since`, `room:join`, one award
 * end to end (admin grant → balance visible), the balance and ledger reads, the learner dashboard's
 * and a course page's API calls (the (app) layout's included, in parallel as the browser sends them)
 * and a quiz submission: p50, and p99 where sampled at least 50 times, each as a ratio to its figure
 * at the smallest size. The baseline, measured in the same run: the plain MongoDB driver reading
 * the same collections (`findOne({_id})`, a room's page of messages, a learner's notifications …).
 * The goals — at the largest size every ratio ≤ 1.5, and `chat:send` p99 ≤ 30 ms — are printed with
 * how far each is and, where missed, which call and which store read dominate.
 *
 * The defaults take 15–20 minutes on two shared cores, mostly the store answering at 100k (a call
 * that reads a ledger takes most of a second there); `--max 1000000` takes hours. The measured room
 * is seeded with a page of history per old-page sample (about 5,800 messages at `--samples 100`).
 *
 * stdout: one JSON line per fill and per size, then a summary line. stderr: progress. Figures are
 * printed, never judged: the exit code is non-zero only when something breaks. The store is the
 * embedded one: FerretDB on PostgreSQL, or on SQLite with FERRETDB_BACKEND=sqlite.
 *
 *   node --import tsx tests/bench/growth.bench.ts --min 10000 --max 100000 (sizes ×10 from min to max)
 *     --rooms 8 --room-learners 2 (chat rooms and senders in each) --fill-users 100 (award earners,
 *     quiz takers, people mentioned) --quiz-lessons 5 --concurrency 16 (service writes in flight)
 *     --chat-in-flight 64 --samples 100 (per probe; the award and the quiz take half)
 *     --probe-seconds 45 (fewer samples, at least 10, past that) --service-seconds 15 --bulk 1
 *   each also as an environment variable: BENCH_GROWTH_MIN, BENCH_GROWTH_MAX, BENCH_ROOMS …
 */
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { ferretBackend, resolveMongoBinary } from "@chalkline/server/embedded";
import { BENCH_NODE_ENV, startBenchCluster } from "./lib/chalkline";
import { round } from "./lib/fanout";
import { BULKABLE, FILLS, type FillName, type FillResult, GrowthFill } from "./lib/growth-fill";
import { setUpGrowthFixture } from "./lib/growth-fixture";
import { GrowthProbes, measureBaseline } from "./lib/growth-probes";
import { CHAT_SEND_P99_MS, goals, MAX_GROWTH_RATIO, ratiosTo, type SizeFigures } from "./lib/growth-report";
import { parseFlags } from "./lib/options";
import { type BenchContext, runBench, startNode } from "./lib/run";

const BENCH = "growth";
const SETTLE_MS = 3_000;

const FLAGS = {
  min: { key: "min", env: "BENCH_GROWTH_MIN", fallback: 10_000 },
  max: { key: "max", env: "BENCH_GROWTH_MAX", fallback: 100_000 },
  rooms: { key: "rooms", env: "BENCH_ROOMS", fallback: 8 },
  "room-learners": { key: "roomLearners", env: "BENCH_ROOM_LEARNERS", fallback: 2 },
  "fill-users": { key: "fillUsers", env: "BENCH_FILL_USERS", fallback: 100 },
  "quiz-lessons": { key: "quizLessons", env: "BENCH_QUIZ_LESSONS", fallback: 5 },
  concurrency: { key: "concurrency", env: "BENCH_CONCURRENCY", fallback: 16 },
  "chat-in-flight": { key: "chatInFlight", env: "BENCH_CHAT_IN_FLIGHT", fallback: 64 },
  samples: { key: "samples", env: "BENCH_SAMPLES", fallback: 100 },
  bulk: { key: "bulk", env: "BENCH_BULK", fallback: 1, min: 0 },
  "service-seconds": { key: "serviceSeconds", env: "BENCH_SERVICE_SECONDS", fallback: 15 },
  "probe-seconds": { key: "probeSeconds", env: "BENCH_PROBE_SECONDS", fallback: 45 },
} as const;

async function main(ctx: BenchContext): Promise<void> {
  const { cleanup, progress, emit } = ctx;
  const startedAt = performance.now();
  const opts = parseFlags(FLAGS, process.argv.slice(2), process.env, progress);
  if (opts.max < opts.min) throw new Error("--max cannot be below --min");
  const sizes = [opts.min];
  while (sizes.at(-1)! * 10 <= opts.max) sizes.push(sizes.at(-1)! * 10);
  const store = storeName();
  const budgetMs = opts.probeSeconds * 1000;
  progress(`store: ${store}; sizes: ${sizes.join(", ")} documents per collection`);

  const cluster = await startBenchCluster(ctx);
  const node = await startNode(ctx, { ...cluster, env: { ...BENCH_NODE_ENV, SEED_DEMO: "true" } });
  progress(
    `signing up ${opts.rooms * opts.roomLearners + 1} learners in ${opts.rooms} courses (one at a time: argon2)`,
  );
  const fixture = await setUpGrowthFixture(node.url, {
    rooms: opts.rooms,
    learnersPerRoom: opts.roomLearners,
    quizLessons: opts.quizLessons,
  });
  progress(`making ${opts.fillUsers} fill learners and the live classes`);
  const { value: fill } = await cleanup.start(
    "fill",
    GrowthFill.open({
      ...cluster,
      fixture,
      users: opts.fillUsers,
      inFlight: { service: opts.concurrency, chat: opts.chatInFlight },
    }),
    (f) => f.close(),
  );
  await fill.connectChat(node.url);
  await fill.seedProbe();
  const { value: probes } = await cleanup.start(
    "probes",
    GrowthProbes.open(node.url, fixture, opts.samples, budgetMs),
    (p) => p.close(),
  );
  await probes.seedRoom();

  const measured: SizeFigures[] = [];
  const fills: string[] = [];
  const record = (documents: number, result: FillResult) => {
    const line = describeFill(result);
    progress(`  ${line}`);
    fills.push(`${result.fill} ${line}`);
    emit({ bench: BENCH, case: "fill", store, documents, ...result });
  };
  const bulk = opts.bulk === 1;
  for (const documents of sizes) {
    for (const name of Object.keys(FILLS) as FillName[]) {
      progress(`filling ${FILLS[name].join(" and ")} to ${documents}`);
      // Only the fills that slow down with size are cut short and finished in bulk.
      const serviceSeconds = bulk && BULKABLE.has(name) ? opts.serviceSeconds : undefined;
      record(documents, await fill.fill(name, documents, { bulk, serviceSeconds }));
    }
    // Let the store settle (PostgreSQL's autovacuum follows big inserts) before measuring.
    await sleep(SETTLE_MS);
    progress(`measuring at ${documents}`);
    const figures: SizeFigures = {
      documents,
      probes: await probes.measure(progress),
      baseline: await measureBaseline(cluster.services.mongoUrl, cluster.dbName, fixture, budgetMs),
    };
    measured.push(figures);
    const first = measured[0]!;
    emit({
      bench: BENCH,
      case: "size",
      store,
      documents,
      probes: figures.probes,
      ratioToSmallest: ratiosTo(first.probes, figures.probes),
      baseline: figures.baseline,
      baselineRatioToSmallest: ratiosTo(first.baseline, figures.baseline),
    });
  }

  if (bulk) {
    // The service path's rate at the largest size too: the fills above measured it on the way there.
    for (const name of BULKABLE) {
      progress(`${name} through the services at ${sizes.at(-1)}`);
      record(sizes.at(-1)!, await fill.fill(name, Number.MAX_SAFE_INTEGER, { serviceSeconds: opts.serviceSeconds }));
    }
  }

  const verdict = goals(measured);
  const last = measured.at(-1)!;
  emit({
    bench: BENCH,
    case: "summary",
    store,
    sizes,
    fills,
    p50RatioToSmallest: ratiosTo(measured[0]!.probes, last.probes),
    baselineP50RatioToSmallest: ratiosTo(measured[0]!.baseline, last.baseline),
    goals: `every probe's ratio ≤ ${MAX_GROWTH_RATIO} at ${last.documents}; chat:send p99 ≤ ${CHAT_SEND_P99_MS} ms`,
    met: verdict.filter((g) => g.met).length,
    missed: verdict.filter((g) => !g.met),
    within: verdict.filter((g) => g.met).map((g) => `${g.goal}: ${g.value} (limit ${g.limit})`),
    totalSeconds: round((performance.now() - startedAt) / 1000, 1),
  });
}

/** `10000 → 100000: services 812/s (2300 docs, from 10000), bulk 9100/s (87700 docs)`. */
function describeFill(r: FillResult): string {
  const [first] = FILLS[r.fill];
  const { viaService: s, viaBulk: b } = r;
  const service = `services ${s.docsPerSecond}/s (${s.documents} docs in ${s.seconds} s)`;
  return `${r.from[first]} → ${r.to[first]}: ${service}${b ? `, bulk ${b.docsPerSecond}/s (${b.documents} docs)` : ""}`;
}

/** The embedded store this run uses, as the embedded services choose it. */
function storeName(): string {
  const { engine } = resolveMongoBinary(process.env);
  return engine === "mongod" ? "mongod" : `FerretDB on ${ferretBackend(process.env)}`;
}

await runBench(BENCH, main);
