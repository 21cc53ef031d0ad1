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
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { uniqueName } from "../helpers/ids";
import { classWithLearners } from "../helpers/rooms";
import { type ServerNodeHandle, startServerNode } from "../helpers/server";
import { BENCH_NODE_ENV, connectChatClient, SOCKET_RATE, startBackingServices } from "./lib/chalkline";
import { Cleanup } from "./lib/cleanup";
import { type FanoutClient, FanoutMeter, type FanoutResult, payloadText, ratio, round } from "./lib/fanout";
import { type FanoutOptions, parseOptions } from "./lib/options";
import { connectWsClient, startWsRelay } from "./lib/ws-baseline";

const BENCH = "chat-fanout";
const ROUND_TIMEOUT_MS = 120_000;
/** How long a finished run may take to exit on its own before lingering handles are cut. */
const EXIT_GRACE_MS = 5_000;

const progress = (line: string) => process.stderr.write(`[${BENCH}] ${line}\n`);
const emit = (figures: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(figures)}\n`);

type CaseName = "ws-raw" | "chain-1-node" | "chain-2-nodes";

async function main(cleanup: Cleanup, nodes: ServerNodeHandle[]): Promise<void> {
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
  const ws = await connectAll(cleanup, "ws clients", opts.clients, () => connectWsClient(relay.url));
  const wsResult = await measure("ws-raw", ws.clients, opts, text);
  await ws.close();
  await stopRelay();
  emit(caseLine("ws-raw", 1, opts, wsResult));

  // 2. Our full chain on one node.
  const dataDir = await mkdtemp(join(tmpdir(), "chalkline-bench-"));
  cleanup.add("temp dir", () => rm(dataDir, { recursive: true, force: true }));
  progress("starting Redis, the MongoDB-compatible store and S3");
  const { value: backing } = await cleanup.start("backing services", startBackingServices(dataDir), (b) => b.stop());
  const cluster = { services: backing.services, dbName: uniqueName("bench"), keyPrefix: uniqueName("bk") };
  progress(
    `starting node 1 (socket rate limit raised to ${SOCKET_RATE.eventsPerSecond}/s, burst ${SOCKET_RATE.burst}, ` +
      "so the token bucket never throttles the senders)",
  );
  nodes.push(await startNode(cleanup, { ...cluster, env: { ...BENCH_NODE_ENV, SEED_DEMO: "true" } }));
  progress(`registering and enrolling ${opts.clients} learners (one at a time: argon2)`);
  const fixture = await classWithLearners(nodes[0]!.url, opts.clients);
  const chatClients = (urls: string[]) =>
    connectAll(cleanup, "chat clients", opts.clients, (i) =>
      connectChatClient(urls[i % urls.length]!, fixture.learners[i]!.accessToken, fixture.roomId),
    );

  const one = await chatClients([nodes[0]!.url]);
  const oneResult = await measure("chain-1-node", one.clients, opts, text);
  await one.close();
  emit(caseLine("chain-1-node", 1, opts, oneResult, wsResult));

  // 3. Two nodes on the same database and key prefix; clients alternate, so senders do too.
  progress("starting node 2 on the same database and key prefix");
  nodes.push(await startNode(cleanup, { ...cluster, env: BENCH_NODE_ENV }));
  const two = await chatClients(nodes.map((n) => n.url));
  const twoResult = await measure("chain-2-nodes", two.clients, opts, text);
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

/** Connects `count` clients in parallel; closes the ones that made it when any fails. */
async function connectAll(
  cleanup: Cleanup,
  label: string,
  count: number,
  connect: (index: number) => Promise<FanoutClient>,
): Promise<{ clients: FanoutClient[]; close: () => Promise<void> }> {
  progress(`connecting ${count} ${label}`);
  const settled = await Promise.allSettled(Array.from({ length: count }, (_, i) => connect(i)));
  const clients = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const close = cleanup.add(label, () => {
    for (const client of clients) client.close();
  });
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  return { clients, close };
}

async function startNode(cleanup: Cleanup, opts: Parameters<typeof startServerNode>[0]): Promise<ServerNodeHandle> {
  const { value } = await cleanup.start("server node", startServerNode(opts), (node) => node.stop());
  return value;
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

const cleanup = new Cleanup(progress);
cleanup.exitOnSignals();
const nodes: ServerNodeHandle[] = [];
try {
  await main(cleanup, nodes);
} catch (error) {
  process.exitCode = 1;
  // After a signal, failures are its consequence: the handler cleans up and exits.
  if (!cleanup.interrupted) {
    progress(`failed: ${(error as Error).stack ?? String(error)}`);
    for (const node of nodes) progress(`logs of ${node.serverId}:\n${node.logs().slice(-4000)}`);
  }
} finally {
  if (!(await cleanup.run())) process.exitCode = 1;
  setTimeout(() => {
    progress(`still running ${EXIT_GRACE_MS} ms after cleanup: exiting`);
    process.exit();
  }, EXIT_GRACE_MS).unref();
}
