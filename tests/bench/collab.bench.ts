/**
 * Collaborative documents: update throughput and edit → last-other-client latency of our
 * y-websocket endpoint (auth, MongoDB persistence, the Redis relay between nodes) on one node and
 * across two, each as a ratio against the reference y-websocket server (`@y/websocket-server`, in
 * memory, one node) measured in the same run with the same clients, writers, edits and pacing.
 * Then a real editing trace (see data/README.md) is replayed through both, writer and reader on
 * different nodes of ours.
 *
 * Writers keep a fixed schedule (by default 3 × one edit per 5 ms = 600 edits/s offered), so an
 * editsPerSec near the offered rate means the server kept up and the latency ratios carry the
 * difference; `--pace-ms 0` has the writers go as fast as the client process can.
 *
 * stdout: one JSON line per case, then a summary line. stderr: progress. Figures are printed, never
 * judged: the exit code is non-zero only when something breaks.
 *
 *   node --import tsx tests/bench/collab.bench.ts --clients 6 --writers 3 --edits 300 --pace-ms 5
 */
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { roomDocs } from "../helpers/collab-client";
import { classWithLearners } from "../helpers/rooms";
import { BENCH_NODE_ENV, startBenchCluster } from "./lib/chalkline";
import { startChildServer } from "./lib/child-server";
import { connectCollab, createCodeDoc, DocStore } from "./lib/collab";
import {
  type CaseName,
  type CollabOptions,
  editsPerSec,
  fanoutCase,
  parseCollabOptions,
  replayCase,
} from "./lib/collab-cases";
import { type FanoutResult, ratio, round } from "./lib/fanout";
import { type BenchContext, runBench, startNode } from "./lib/run";
import { loadTrace, type ReplayResult, replayInProcess } from "./lib/trace";

const BENCH = "collab";
const TRACE = "automerge-paper";
/** How long the nodes get to store the replayed trace before the stored log is counted. */
const STORE_SETTLE_MS = 30_000;
const REFERENCE_SCRIPT = fileURLToPath(new URL("./lib/y-websocket-reference.ts", import.meta.url));

async function main(ctx: BenchContext): Promise<void> {
  const { cleanup, progress, emit } = ctx;
  const startedAt = performance.now();
  const opts = parseCollabOptions(process.argv.slice(2), process.env, progress);
  const trace = await loadTrace(TRACE, opts.traceEdits);
  progress(
    `${opts.clients} clients, ${opts.writers} writers × ${opts.editsPerWriter} edits, one per ${opts.paceMs} ms ` +
      `per writer, ${opts.warmupPerWriter} warm-up edits per writer and case; trace ${TRACE}: ` +
      `${trace.edits.length} edits, ${opts.traceBatch} per transaction`,
  );

  progress("trace-replay in process (no server): warming up this process's Yjs");
  const inProcess = await replayInProcess(trace, opts.traceBatch);
  progress(
    `trace-replay in process: ${inProcess.editsPerSec} edits/s, final text matches: ${inProcess.finalTextMatches}`,
  );
  if (!inProcess.finalTextMatches) throw new Error(`replaying ${TRACE} in process does not give its final text`);

  // 1. The reference server, in its own process; fan-out, then the trace on a second document.
  progress("y-websocket-server: starting the reference server");
  const { value: reference, release: stopReference } = await cleanup.start(
    "reference server",
    startChildServer(REFERENCE_SCRIPT, "reference server"),
    (server) => server.stop(),
  );
  const refResult = await fanoutCase(ctx, "y-websocket-server", opts, () => connectCollab(reference.url, "fanout", ""));
  emit(caseLine("y-websocket-server", 1, opts, refResult, refResult));
  const refReplay = await replayCase(ctx, "y-websocket-server", opts, trace, () =>
    connectCollab(reference.url, "trace", ""),
  );
  emit(replayLine("y-websocket-server", opts, refReplay));
  await stopReference();

  // 2. Ours on one node: the class room's code document, K enrolled learners.
  const cluster = await startBenchCluster(ctx);
  progress("starting node 1");
  const first = await startNode(ctx, { ...cluster, env: { ...BENCH_NODE_ENV, SEED_DEMO: "true" } });
  progress(`registering and enrolling ${opts.clients} learners (one at a time: argon2)`);
  const fixture = await classWithLearners(first.url, opts.clients);
  const token = (i: number) => fixture.learners[i % fixture.learners.length]!.accessToken;
  const docs = await roomDocs(first.url, fixture.roomId, token(0));
  const classDoc = docs.find((d) => d.kind === "code");
  if (!classDoc) throw new Error("the class room has no code document");
  const oneResult = await fanoutCase(ctx, "chalkline-1-node", opts, (i) =>
    connectCollab(first.url, classDoc.id, token(i)),
  );
  emit(caseLine("chalkline-1-node", 1, opts, oneResult, refResult));

  // 3. Two nodes on the same database and key prefix, on a fresh document; clients alternate.
  progress("starting node 2 on the same database and key prefix");
  const second = await startNode(ctx, { ...cluster, env: BENCH_NODE_ENV });
  const urls = [first.url, second.url];
  const newDoc = (name: string) => createCodeDoc(first.url, fixture.roomId, fixture.instructor.accessToken, name);
  const twoDoc = await newDoc("fanout two nodes.txt");
  const twoResult = await fanoutCase(ctx, "chalkline-2-nodes", opts, (i) =>
    connectCollab(urls[i % urls.length]!, twoDoc, token(i)),
  );
  emit(caseLine("chalkline-2-nodes", 2, opts, twoResult, refResult));

  // 4. The trace: the writer on node 1, the reader on node 2; then what the nodes stored of it.
  const traceDoc = await newDoc(`${TRACE}.tex`);
  const replay = await replayCase(ctx, "chalkline-2-nodes", opts, trace, (i) =>
    connectCollab(urls[i]!, traceDoc, token(i)),
  );
  const { value: store } = await cleanup.start(
    "store reader",
    DocStore.open(cluster.services.mongoUrl, cluster.dbName),
    (s) => s.close(),
  );
  progress(`trace-replay: waiting up to ${STORE_SETTLE_MS / 1000} s for the nodes to store the trace`);
  const stored = await store.settle(traceDoc, trace.expected, STORE_SETTLE_MS);
  emit({
    ...replayLine("chalkline-2-nodes", opts, replay),
    storedUpdatesAfter: stored.updates,
    storedTextMatches: stored.matches,
    ratioToReference: ratio(replay.editsPerSec, refReplay.editsPerSec),
  });
  // Lost or garbled edits are a failure, unlike any timing.
  for (const [what, ok] of [
    ["the reference server's replay", refReplay.finalTextMatches],
    ["our replay", replay.finalTextMatches],
    ["what our nodes stored", stored.matches],
  ] as const) {
    if (ok) continue;
    progress(`${what} does not end in the trace's final text`);
    process.exitCode = 1;
  }

  const results: Record<CaseName, FanoutResult> = {
    "y-websocket-server": refResult,
    "chalkline-1-node": oneResult,
    "chalkline-2-nodes": twoResult,
  };
  const pick = (f: (r: FanoutResult) => number) =>
    Object.fromEntries(Object.entries(results).map(([name, r]) => [name, f(r)]));
  emit({
    bench: BENCH,
    case: "summary",
    editsPerSec: pick(editsPerSec),
    ratioToReference: pick((r) => ratio(editsPerSec(r), editsPerSec(refResult))),
    p99Ms: pick((r) => r.p99Ms),
    p99RatioToReference: pick((r) => ratio(r.p99Ms, refResult.p99Ms)),
    traceReplay: {
      trace: TRACE,
      editsPerSec: {
        "in-process": inProcess.editsPerSec,
        "y-websocket-server": refReplay.editsPerSec,
        "chalkline-2-nodes": replay.editsPerSec,
      },
      ratioToReference: ratio(replay.editsPerSec, refReplay.editsPerSec),
    },
    totalSeconds: round((performance.now() - startedAt) / 1000, 1),
  });
}

function caseLine(name: CaseName, nodes: number, opts: CollabOptions, r: FanoutResult, ref: FanoutResult) {
  return {
    bench: BENCH,
    case: name,
    nodes,
    clients: opts.clients,
    writers: opts.writers,
    edits: r.messages,
    paceMs: opts.paceMs,
    offeredEditsPerSec: opts.paceMs > 0 ? round((opts.writers * 1000) / opts.paceMs, 0) : null,
    sendMs: r.sendMs,
    wallMs: r.wallMs,
    editsPerSec: editsPerSec(r),
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    ratioToReference: ratio(editsPerSec(r), editsPerSec(ref)),
    p50RatioToReference: ratio(r.p50Ms, ref.p50Ms),
    p99RatioToReference: ratio(r.p99Ms, ref.p99Ms),
  };
}

function replayLine(server: CaseName, opts: CollabOptions, r: ReplayResult) {
  return {
    bench: BENCH,
    case: "trace-replay",
    server,
    trace: TRACE,
    traceKind: "real",
    editsPerTransaction: opts.traceBatch,
    ...r,
  };
}

await runBench(BENCH, main);
