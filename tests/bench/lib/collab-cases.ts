import type { CollabClient } from "../../helpers/collab-client";
import { collabFanoutClient } from "./collab";
import { FanoutMeter, type FanoutResult, round } from "./fanout";
import { parseFlags } from "./options";
import { type BenchContext, connectAll } from "./run";
import { type EditingTrace, type ReplayResult, replayTrace } from "./trace";

export type CaseName = "y-websocket-server" | "chalkline-1-node" | "chalkline-2-nodes";

const ROUND_TIMEOUT_MS = 120_000;
const REPLAY_TIMEOUT_MS = 180_000;

const FLAGS = {
  clients: { key: "clients", env: "BENCH_CLIENTS", fallback: 6 },
  writers: { key: "writers", env: "BENCH_WRITERS", fallback: 3 },
  edits: { key: "editsPerWriter", env: "BENCH_EDITS", fallback: 300 },
  warmup: { key: "warmupPerWriter", env: "BENCH_WARMUP", fallback: 20, min: 0 },
  "pace-ms": { key: "paceMs", env: "BENCH_PACE_MS", fallback: 5, min: 0 },
  "trace-batch": { key: "traceBatch", env: "BENCH_TRACE_BATCH", fallback: 100 },
  "trace-edits": { key: "traceEdits", env: "BENCH_TRACE_EDITS", fallback: 0, min: 0 },
} as const;
export type CollabOptions = Record<(typeof FLAGS)[keyof typeof FLAGS]["key"], number>;

/**
 * The collab bench's flags: `--clients 6`, `--writers 3`, `--edits 300` (per writer), `--warmup 20`
 * (per writer and case), `--pace-ms 5`, `--trace-batch 100` (edits per transaction),
 * `--trace-edits 0` (0: the whole trace), each also as an environment variable (BENCH_CLIENTS …).
 */
export function parseCollabOptions(argv: string[], env: NodeJS.ProcessEnv, warn: (line: string) => void) {
  const opts: CollabOptions = parseFlags(FLAGS, argv, env, warn);
  if (opts.writers > opts.clients) throw new Error("--writers cannot exceed --clients");
  if (opts.clients < 2) throw new Error("--clients: at least 2, so an edit has someone to reach");
  return opts;
}

/** Connects the case's clients, warms up with an unmeasured round, measures one, disconnects. */
export async function fanoutCase(
  ctx: BenchContext,
  name: CaseName,
  opts: CollabOptions,
  connect: (index: number) => Promise<CollabClient>,
): Promise<FanoutResult> {
  const { clients, close } = await connectAll(ctx, `${name} clients`, opts.clients, async (i) =>
    collabFanoutClient(await connect(i), i + 1, opts.paceMs),
  );
  try {
    const meter = new FanoutMeter(clients);
    const senders = clients.slice(0, opts.writers);
    const runRound = (phase: string, perSender: number) =>
      meter.run({ tag: `${name}_${phase}`, senders, perSender, text: "", timeoutMs: ROUND_TIMEOUT_MS });
    if (opts.warmupPerWriter > 0) {
      ctx.progress(`${name}: warming up`);
      await runRound("warm", opts.warmupPerWriter);
    }
    ctx.progress(`${name}: measuring`);
    const result = await runRound("run", opts.editsPerWriter);
    ctx.progress(`${name}: ${editsPerSec(result)} edits/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
    return result;
  } finally {
    await close();
  }
}

/** Connects a writer (index 0) and a reader (index 1), replays the trace, disconnects. */
export async function replayCase(
  ctx: BenchContext,
  server: CaseName,
  opts: CollabOptions,
  trace: EditingTrace,
  connect: (index: number) => Promise<CollabClient>,
): Promise<ReplayResult> {
  const { clients, close } = await connectAll(ctx, `${server} trace clients`, 2, async (i) => {
    const client = await connect(i);
    return { client, close: () => client.destroy() };
  });
  try {
    ctx.progress(`trace-replay on ${server}: replaying ${trace.edits.length} edits`);
    const result = await replayTrace(trace, clients[0]!.client, clients[1]!.client, {
      batch: opts.traceBatch,
      timeoutMs: REPLAY_TIMEOUT_MS,
    });
    ctx.progress(`trace-replay on ${server}: ${result.editsPerSec} edits/s over ${result.seconds} s`);
    return result;
  } finally {
    await close();
  }
}

export function editsPerSec(r: FanoutResult): number {
  return round(r.messages / (r.wallMs / 1000), 0);
}
