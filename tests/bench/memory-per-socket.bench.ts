/**
 * Memory per idle connection: how much one node's RSS and heap grow per idle authenticated Socket.IO
 * socket, and per open collaborative document connection, read from the node's own `/metrics` before
 * and after; against the goal of at most 15 KB per socket and a bare `ws` server holding the same
 * number of idle connections, measured in the same run.
 *
 * stdout: one JSON line per case, then a summary line. stderr: progress. Figures are printed, never
 * judged: the exit code is non-zero only when something breaks. Memory figures are noisy (the
 * collector runs when it likes); compare runs of the same size.
 *
 *   node --import tsx tests/bench/memory-per-socket.bench.ts --clients 5000 --docs 1000 --accounts 20
 */
import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";
import { connectSocket } from "../helpers/clients";
import { rawCollabConnection, roomDocs } from "../helpers/collab-client";
import { scrape, TEST_METRICS_TOKEN } from "../helpers/metrics";
import { classWithLearners } from "../helpers/rooms";
import { BENCH_NODE_ENV, startBenchCluster } from "./lib/chalkline";
import { startChildServer } from "./lib/child-server";
import { round } from "./lib/fanout";
import { parseFlags } from "./lib/options";
import { type BenchContext, runBench, startNode } from "./lib/run";

const BENCH = "memory-per-socket";
const GOAL_BYTES_PER_SOCKET = 15 * 1024;
/** Connections opened at once: a storm of handshakes would measure the queue, not the holding. */
const CONNECT_CONCURRENCY = 100;
/**
 * Memory is sampled this many times this far apart, and the lowest reading kept: the collector runs
 * when it likes, and the low point is the nearest to what the connections hold rather than garbage.
 */
const SAMPLES = 5;
const SAMPLE_GAP_MS = 2_000;
const IDLE_SCRIPT = fileURLToPath(new URL("./lib/ws-idle.ts", import.meta.url));

interface Memory {
  rss: number;
  heapUsed: number;
}

interface Closable {
  close(): void;
}

async function main(ctx: BenchContext): Promise<void> {
  const { cleanup, progress, emit } = ctx;
  const opts = parseFlags(
    {
      clients: { key: "clients", env: "BENCH_CLIENTS", fallback: 5000 },
      docs: { key: "docs", env: "BENCH_DOCS", fallback: 1000, min: 0 },
      accounts: { key: "accounts", env: "BENCH_ACCOUNTS", fallback: 20 },
    },
    process.argv.slice(2),
    process.env,
    progress,
  );
  progress(`${opts.clients} idle sockets, ${opts.docs} open documents, over ${opts.accounts} accounts`);

  // 1. The baseline: a bare ws server holding the same number of idle connections.
  const { value: idle, release: stopIdle } = await cleanup.start(
    "ws baseline",
    startChildServer(IDLE_SCRIPT, "ws baseline"),
    (server) => server.stop(),
  );
  const readIdle = async (): Promise<Memory> => (await fetch(`${idle.url}/memory`)).json() as Promise<Memory>;
  const wsUrl = idle.url.replace(/^http/, "ws");
  const baseline = await measure(ctx, "ws-baseline", opts.clients, readIdle, () => openWs(wsUrl));
  emit(line("ws-baseline", "socket", opts.clients, baseline));
  await stopIdle();

  // 2. One Chalkline node, its socket and document limits raised for a few accounts to hold them all.
  const cluster = await startBenchCluster(ctx);
  const perAccount = String(Math.ceil(Math.max(opts.clients, opts.docs) / opts.accounts) + 1);
  const node = await startNode(ctx, {
    ...cluster,
    env: {
      ...BENCH_NODE_ENV,
      SEED_DEMO: "true",
      METRICS_TOKEN: TEST_METRICS_TOKEN,
      SOCKETS_PER_ACCOUNT: perAccount,
      SOCKETS_PER_IP: String(opts.clients + 10),
      SOCKET_CONNECTS_PER_IP_PER_MINUTE: String(opts.clients + opts.docs + 10),
      COLLAB_CONNECTIONS_PER_ACCOUNT: perAccount,
    },
  });
  progress(`registering and enrolling ${opts.accounts} learners`);
  const fixture = await classWithLearners(node.url, opts.accounts);
  const token = (i: number) => fixture.learners[i % fixture.learners.length]!.accessToken;
  const readNode = async (): Promise<Memory> => ({
    rss: await scrape(node.url, "chalkline_process_resident_memory_bytes"),
    heapUsed: await scrape(node.url, "chalkline_nodejs_heap_size_used_bytes"),
  });

  const sockets = await measure(ctx, "chalkline sockets", opts.clients, readNode, async (i) => {
    const { socket } = await connectSocket(node.url, token(i));
    return socket;
  });
  const socketLine = line("chalkline-socket", "socket", opts.clients, sockets);
  emit({
    ...socketLine,
    ratioToBaseline: ratioTo(socketLine.rssBytesPerClient, baselinePer(baseline, opts.clients)),
  });

  let docLine: ReturnType<typeof line> | undefined;
  if (opts.docs > 0) {
    const [classDoc] = (await roomDocs(node.url, fixture.roomId, token(0))).filter((d) => d.kind === "code");
    if (!classDoc) throw new Error("the class room has no code document");
    const docs = await measure(ctx, "chalkline documents", opts.docs, readNode, async (i) => {
      const { ws } = await rawCollabConnection(node.url, classDoc.id, token(i));
      return ws;
    });
    docLine = line("chalkline-collab", "document connection", opts.docs, docs);
    emit({ ...docLine, ratioToBaseline: ratioTo(docLine.rssBytesPerClient, baselinePer(baseline, opts.clients)) });
  }

  emit({
    bench: BENCH,
    case: "summary",
    clients: opts.clients,
    goalBytesPerSocket: GOAL_BYTES_PER_SOCKET,
    socketRssBytes: socketLine.rssBytesPerClient,
    socketHeapBytes: socketLine.heapBytesPerClient,
    socketWithinGoal: socketLine.rssBytesPerClient <= GOAL_BYTES_PER_SOCKET,
    baselineRssBytes: baselinePer(baseline, opts.clients),
    documentRssBytes: docLine?.rssBytesPerClient ?? null,
    documentHeapBytes: docLine?.heapBytesPerClient ?? null,
  });
  progress(
    `per idle socket: ${kb(socketLine.rssBytesPerClient)} KB RSS, ${kb(socketLine.heapBytesPerClient)} KB heap ` +
      `(goal ≤ ${kb(GOAL_BYTES_PER_SOCKET)} KB; bare ws: ${kb(baselinePer(baseline, opts.clients))} KB RSS)` +
      (docLine ? `; per open document: ${kb(docLine.rssBytesPerClient)} KB RSS` : ""),
  );
}

/**
 * Reads the server's memory, opens `count` connections (`CONNECT_CONCURRENCY` at a time), lets it
 * settle and reads again; the connections stay open until the run's cleanup, so later cases add to them.
 */
async function measure(
  ctx: BenchContext,
  label: string,
  count: number,
  read: () => Promise<Memory>,
  open: (index: number) => Promise<Closable>,
): Promise<{ before: Memory; after: Memory }> {
  const opened: Closable[] = [];
  ctx.cleanup.add(label, () => {
    for (const c of opened) c.close();
  });
  const before = await lowest(read);
  ctx.progress(`${label}: opening ${count} connections`);
  let next = 0;
  const worker = async () => {
    while (next < count) opened.push(await open(next++));
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, count) }, worker));
  return { before, after: await lowest(read) };
}

/** The lowest RSS and heap over SAMPLES readings. */
async function lowest(read: () => Promise<Memory>): Promise<Memory> {
  const low = { rss: Number.POSITIVE_INFINITY, heapUsed: Number.POSITIVE_INFINITY };
  for (let i = 0; i < SAMPLES; i++) {
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_GAP_MS));
    const m = await read();
    low.rss = Math.min(low.rss, m.rss);
    low.heapUsed = Math.min(low.heapUsed, m.heapUsed);
  }
  return low;
}

function line(name: string, per: string, count: number, m: { before: Memory; after: Memory }) {
  return {
    bench: BENCH,
    case: name,
    per,
    count,
    rssBeforeBytes: m.before.rss,
    rssAfterBytes: m.after.rss,
    rssBytesPerClient: Math.round((m.after.rss - m.before.rss) / count),
    heapBytesPerClient: Math.round((m.after.heapUsed - m.before.heapUsed) / count),
  };
}

function baselinePer(m: { before: Memory; after: Memory }, count: number): number {
  return Math.round((m.after.rss - m.before.rss) / count);
}

/** Ours over the baseline; null when the baseline's growth drowned in noise (small runs). */
function ratioTo(ours: number, baseline: number): number | null {
  return baseline > 0 ? round(ours / baseline, 2) : null;
}

function openWs(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

const kb = (bytes: number) => round(bytes / 1024, 1);

await runBench(BENCH, main);
