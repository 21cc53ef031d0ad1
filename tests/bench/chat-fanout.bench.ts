/**
 * Chat fan-out: deliveries a second and send → last-receiver latency of our full chain (socket.io,
 * auth, zod validation, MongoDB, the Redis adapter) on one node and across two, each as a ratio
 * against a bare `ws` relay measured in the same run with the same clients, senders, pacing
 * (every sender awaits its ack before the next send) and payloads.
 *
 * stdout: one JSON line per case, then a summary line. stderr: progress. Figures are printed, never
 * judged: the exit code is non-zero only when something breaks.
 *
 *   node --import tsx tests/bench/chat-fanout.bench.ts --clients 30 --senders 10 --messages 20
 */
import { performance } from "node:perf_hooks";
import { classWithLearners } from "../helpers/rooms";
import { BENCH_NODE_ENV, connectChatClient, SOCKET_RATE, startBenchCluster } from "./lib/chalkline";
import { type FanoutClient, FanoutMeter, type FanoutResult, payloadText, ratio, round } from "./lib/fanout";
import { type FanoutOptions, parseOptions } from "./lib/options";
import { type BenchContext, connectAll, runBench, startNode } from "./lib/run";
import { connectWsClient, startWsRelay } from "./lib/ws-baseline";

const BENCH = "chat-fanout";
const ROUND_TIMEOUT_MS = 120_000;

type CaseName = "ws-raw" | "chain-1-node" | "chain-2-nodes";

async function main(ctx: BenchContext): Promise<void> {
  const { cleanup, progress, emit } = ctx;
  const startedAt = performance.now();
  const opts = parseOptions(process.argv.slice(2), process.env, progress);
  const text = payloadText(opts.payloadBytes);
  progress(
    `${opts.clients} clients, ${opts.senders} senders × ${opts.messagesPerSender} messages of ` +
      `${opts.payloadBytes} bytes, ${opts.warmupPerSender} warm-up messages per sender and case`,
  );

  // 1. Baseline: a bare ws relay in its own process.
  progress("ws-raw: starting the relay");
  const { value: relay, release: stopRelay } = await cleanup.start("ws relay", startWsRelay(), (r) => r.stop());
  const ws = await connectAll(ctx, "ws clients", opts.clients, () => connectWsClient(relay.url));
  const wsResult = await measure(ctx, "ws-raw", ws.clients, opts, text);
  await ws.close();
  await stopRelay();
  emit(caseLine("ws-raw", 1, opts, wsResult));

  // 2. Our full chain on one node.
  const cluster = await startBenchCluster(ctx);
  progress(
    `starting node 1 (socket rate limit raised to ${SOCKET_RATE.eventsPerSecond}/s, burst ${SOCKET_RATE.burst}, ` +
      "so the token bucket never throttles the senders)",
  );
  const first = await startNode(ctx, { ...cluster, env: { ...BENCH_NODE_ENV, SEED_DEMO: "true" } });
  progress(`registering and enrolling ${opts.clients} learners (one at a time: argon2)`);
  const fixture = await classWithLearners(first.url, opts.clients);
  const chatClients = (urls: string[]) =>
    connectAll(ctx, "chat clients", opts.clients, (i) =>
      connectChatClient(urls[i % urls.length]!, fixture.learners[i]!.accessToken, fixture.roomId),
    );

  const one = await chatClients([first.url]);
  const oneResult = await measure(ctx, "chain-1-node", one.clients, opts, text);
  await one.close();
  emit(caseLine("chain-1-node", 1, opts, oneResult, wsResult));

  // 3. Two nodes on the same database and key prefix; clients alternate, so senders do too.
  progress("starting node 2 on the same database and key prefix");
  const second = await startNode(ctx, { ...cluster, env: BENCH_NODE_ENV });
  const two = await chatClients([first.url, second.url]);
  const twoResult = await measure(ctx, "chain-2-nodes", two.clients, opts, text);
  await two.close();
  emit(caseLine("chain-2-nodes", 2, opts, twoResult, wsResult));

  const results: Record<CaseName, FanoutResult> = {
    "ws-raw": wsResult,
    "chain-1-node": oneResult,
    "chain-2-nodes": twoResult,
  };
  const pick = (f: (r: FanoutResult) => number) =>
    Object.fromEntries(Object.entries(results).map(([name, r]) => [name, f(r)]));
  emit({
    bench: BENCH,
    case: "summary",
    ...sizes(opts),
    warmupPerSender: opts.warmupPerSender,
    socketRateLimit: {
      ...SOCKET_RATE,
      note: "raised from the server defaults (10/s, burst 30) so the token bucket does not throttle the senders",
    },
    deliveriesPerSec: pick((r) => r.deliveriesPerSec),
    ratioToWs: pick((r) => ratio(r.deliveriesPerSec, wsResult.deliveriesPerSec)),
    p50Ms: pick((r) => r.p50Ms),
    p99Ms: pick((r) => r.p99Ms),
    p99RatioToWs: pick((r) => ratio(r.p99Ms, wsResult.p99Ms)),
    twoNodesToOneNode: ratio(twoResult.deliveriesPerSec, oneResult.deliveriesPerSec),
    totalSeconds: round((performance.now() - startedAt) / 1000, 1),
  });
}

/** Warms the case up with an unmeasured round, then measures one. */
async function measure(
  { progress }: BenchContext,
  name: CaseName,
  clients: FanoutClient[],
  opts: FanoutOptions,
  text: string,
): Promise<FanoutResult> {
  const meter = new FanoutMeter(clients);
  const senders = clients.slice(0, opts.senders);
  const runRound = (phase: string, perSender: number) =>
    meter.run({ tag: `${name}_${phase}`, senders, perSender, text, timeoutMs: ROUND_TIMEOUT_MS });
  if (opts.warmupPerSender > 0) {
    progress(`${name}: warming up`);
    await runRound("warm", opts.warmupPerSender);
  }
  progress(`${name}: measuring`);
  const result = await runRound("run", opts.messagesPerSender);
  progress(`${name}: ${result.deliveriesPerSec} deliveries/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
  return result;
}

function sizes(opts: FanoutOptions) {
  return {
    clients: opts.clients,
    senders: opts.senders,
    messagesPerSender: opts.messagesPerSender,
    payloadBytes: opts.payloadBytes,
  };
}

function caseLine(name: CaseName, nodes: number, opts: FanoutOptions, r: FanoutResult, ws?: FanoutResult) {
  return {
    bench: BENCH,
    case: name,
    nodes,
    ...sizes(opts),
    ...r,
    ...(ws && {
      ratioToWs: ratio(r.deliveriesPerSec, ws.deliveriesPerSec),
      p50RatioToWs: ratio(r.p50Ms, ws.p50Ms),
      p99RatioToWs: ratio(r.p99Ms, ws.p99Ms),
    }),
  };
}

await runBench(BENCH, main);
