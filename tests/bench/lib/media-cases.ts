/**
 * The media bench's two cases: the consumer ramp on one worker, and direct against piped
 * consumers over two. Each starts its own workers and producer and closes them when done.
 */
import { performance } from "node:perf_hooks";
import { ratio, round } from "./fanout";
import type { MediaOptions } from "./media-options";
import { pipeAcrossNodes, SpreadFleet } from "./media-spread";
import { measureWindow, sleep, type WindowProbe, type WindowResult } from "./media-window";
import { type BenchWorker, ConsumerFleet, type loadMediasoup, startSyntheticProducer, startWorker } from "./mediasoup";
import type { RtpSink } from "./rtp-loopback";
import type { BenchContext } from "./run";

export const TARGET_CPU_PCT = 80;
/**
 * A step where the sinks got less than this share of consumers × packets sent does not count
 * towards the estimate and ends the ramp: the worker no longer keeps up (or the host starved it),
 * so its CPU figure no longer measures the forwarding of that many consumers.
 */
export const DELIVERY_FLOOR = 0.95;
/** The ramp: 25, 50, 100, then ×1.5 rounded to 25 (150, 225, 350, …), fine enough to interpolate. */
const FIRST_STEP = 25;
const STEP_FACTOR = 1.5;
/** The ramp takes no new step once it has run this long. */
const RAMP_BUDGET_MS = 180_000;
/** After closing workers, before the next case starts its own. */
const SETTLE_MS = 1_000;

export interface MediaRun {
  ctx: BenchContext;
  mediasoup: Awaited<ReturnType<typeof loadMediasoup>>;
  sink: RtpSink;
  opts: MediaOptions;
  /** Emits a case line. */
  emit: (name: string, consumers: number, result: WindowResult, extra?: Record<string, unknown>) => void;
}

interface Point {
  consumers: number;
  cpuPct: number;
  deliveredRatio: number | null;
  /** What else kept the host busy, and how long the worker waited for a core because of it. */
  othersBusyCores: number;
  workerRunQueueWaitPct: number | null;
}

/** Measures one window and reports it on stderr; fails when forwarding is plainly broken. */
async function measure({ ctx, opts }: MediaRun, name: string, probe: WindowProbe): Promise<WindowResult> {
  const r = await measureWindow(probe, opts.warmupSeconds, opts.seconds);
  ctx.progress(
    `${name}: ${probe.consumers} consumers, workers ${r.workerCpuPct}% of a core, delivered ` +
      `${r.deliveredPerSec}/${r.expectedPerSec} packets/s, waited for a core ${r.workerRunQueueWaitPct ?? "?"}% ` +
      `(sink ${r.sinkCpuPct}%, other processes ${r.othersBusyCores} cores)`,
  );
  if (probe.consumers > 0 && r.deliveredPerSec === 0 && r.sinkDropsPerSec === 0) {
    throw new Error(`${name}: nothing reached the sinks, so there is no forwarding to measure`);
  }
  return r;
}

/**
 * One worker per media node (one node, or two with the producer piped from the first to the second
 * and the consumers shared): more consumers at each step until the busiest worker passes the
 * target, the sinks fall short of the delivery floor, or a limit; then one more window at the
 * estimated count, to check it.
 */
export async function rampCase(run: MediaRun, nodes: 1 | 2 = 1) {
  const { ctx, opts, sink } = run;
  const name = nodes === 1 ? "ramp" : "ramp-two-nodes";
  const workers: BenchWorker[] = [];
  for (let i = 0; i < nodes; i++) workers.push(await startWorker(ctx, run.mediasoup, `${name} worker ${i + 1}`));
  const routers = workers.map((w) => w.router);
  const { producer, sender, stop } = await startSyntheticProducer(ctx, routers[0]!);
  for (const router of routers.slice(1)) await pipeAcrossNodes(routers[0]!, router, producer.id);
  const fleet = new SpreadFleet(routers, producer.id, sink.ports, opts.srtp === 1);
  const probe = (): WindowProbe => ({
    workers,
    sender,
    sink,
    consumers: fleet.size,
    payloadType: fleet.payloadType,
  });
  const points: Point[] = [];
  // The node that fills first decides: consumers past it would go to a third node.
  const busiest = (r: WindowResult) => Math.max(...r.perWorkerCpuPct);
  const step = async () => {
    const r = await measure(run, name, probe());
    points.push({
      consumers: fleet.size,
      cpuPct: busiest(r),
      deliveredRatio: r.deliveredRatio,
      othersBusyCores: r.othersBusyCores,
      workerRunQueueWaitPct: r.workerRunQueueWaitPct,
    });
    run.emit(name, fleet.size, r);
    return r;
  };

  await step();
  const startedAt = performance.now();
  let stoppedBy: "target" | "delivery" | "time-budget" | "max-consumers" = "max-consumers";
  for (const count of rampSteps(opts.maxConsumers)) {
    if (performance.now() - startedAt > RAMP_BUDGET_MS) {
      stoppedBy = "time-budget";
      break;
    }
    ctx.progress(`${name}: adding consumers up to ${count}`);
    await fleet.growTo(count);
    const r = await step();
    if ((r.deliveredRatio ?? 1) < DELIVERY_FLOOR) {
      stoppedBy = "delivery";
      break;
    }
    if (busiest(r) >= TARGET_CPU_PCT) {
      stoppedBy = "target";
      break;
    }
  }

  const estimate = consumersAtTarget(points);
  let check: WindowResult | undefined;
  if (estimate.consumers !== null && estimate.consumers >= 1 && estimate.consumers <= opts.maxConsumers) {
    const count = Math.round(estimate.consumers);
    ctx.progress(`${name}: to the ${estimate.method} estimate, ${count} consumers, to check it`);
    fleet.shrinkTo(count);
    await fleet.growTo(count);
    check = await measure(run, `${name}-check`, probe());
    run.emit(`${name}-check`, count, check);
  }
  await stop();
  for (const worker of workers.reverse()) await worker.close();
  await sleep(SETTLE_MS);

  const fit = linearFit(counted(points));
  return {
    consumersAtTarget: estimate.consumers === null ? null : Math.round(estimate.consumers),
    estimate: estimate.method,
    rampStoppedBy: stoppedBy,
    checkCpuPct: check ? busiest(check) : null,
    /** Cores the workers used together in the check window. */
    checkCoresUsed: check ? round(check.workerCpuPct / 100, 2) : null,
    checkDeliveredRatio: check?.deliveredRatio ?? null,
    points,
    idleWorkerCpuPct: points[0]?.cpuPct ?? null,
    /** The slope of CPU over consumers, over the steps that count. */
    cpuPctPerConsumer: fit && round(fit.slope, 4),
  };
}

/** What forwards in each state of the pipe case; everything else is paused. */
const PIPE_STATES = {
  "pipe-baseline": { direct: false, pipe: false, piped: false },
  direct: { direct: true, pipe: false, piped: false },
  "pipe-idle": { direct: false, pipe: true, piped: false },
  piped: { direct: false, pipe: true, piped: true },
} as const;
type PipeState = keyof typeof PIPE_STATES;

/**
 * Two workers, the producer on the first's router A, piped to the second's router B as between two
 * media nodes (PipeTransports with RTX);
 * N consumers on A and N on B. Each state pauses what it does not measure (the pipe by its pipe
 * consumer), and the states take turns for `--pipe-rounds` rounds, so a change in what else runs on
 * the host falls on all of them alike rather than on whichever came last. CPU is summed over both
 * workers. Every state keeps all transports, so the per-consumer figures are the cost of
 * forwarding, without the idle transport's own (RTCP, timers) that the ramp's slope includes.
 */
export async function pipeCase(run: MediaRun) {
  const { ctx, opts, sink } = run;
  const n = opts.pipeConsumers;
  const a = await startWorker(ctx, run.mediasoup, "pipe worker A");
  const b = await startWorker(ctx, run.mediasoup, "pipe worker B");
  const { producer, sender, stop } = await startSyntheticProducer(ctx, a.router);
  const srtp = opts.srtp === 1;
  ctx.progress(`pipe: ${n} consumers on router A, the producer piped to router B, ${n} consumers there`);
  const direct = new ConsumerFleet(a.router, producer.id, sink.ports, srtp);
  await direct.growTo(n);
  // As between two media nodes: PipeTransports with RTX and SRTP, connected by address.
  const pipeConsumer = await pipeAcrossNodes(a.router, b.router, producer.id);
  const piped = new ConsumerFleet(b.router, producer.id, sink.ports, srtp);
  await piped.growTo(n);

  const cpu: Record<PipeState, number[]> = { "pipe-baseline": [], direct: [], "pipe-idle": [], piped: [] };
  const delivered: Record<PipeState, Array<number | null>> = {
    "pipe-baseline": [],
    direct: [],
    "pipe-idle": [],
    piped: [],
  };
  for (let round = 1; round <= opts.pipeRounds; round++) {
    for (const [name, state] of Object.entries(PIPE_STATES) as Array<[PipeState, (typeof PIPE_STATES)[PipeState]]>) {
      await Promise.all([
        direct.setPaused(!state.direct),
        piped.setPaused(!state.piped),
        state.pipe ? pipeConsumer.resume() : pipeConsumer.pause(),
      ]);
      const consumers = state.direct || state.piped ? n : 0;
      const probe = { workers: [a, b], sender, sink, consumers, payloadType: direct.payloadType };
      const r = await measure(run, `${name} (round ${round})`, probe);
      run.emit(name, consumers, r, { round });
      cpu[name].push(r.workerCpuPct);
      delivered[name].push(r.deliveredRatio);
    }
  }
  await stop();
  await b.close();
  await a.close();

  const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
  const base = mean(cpu["pipe-baseline"]);
  const idle = mean(cpu["pipe-idle"]);
  const directPerConsumer = (mean(cpu.direct) - base) / n;
  const pipedPerConsumer = (mean(cpu.piped) - idle) / n;
  const pipeFixed = idle - base;
  return {
    pipeConsumers: n,
    pipeRounds: opts.pipeRounds,
    pipeCpuPct: Object.fromEntries(Object.entries(cpu).map(([name, values]) => [name, round(mean(values), 2)])),
    directCpuPctPerConsumer: round(directPerConsumer, 4),
    pipedCpuPctPerConsumer: round(pipedPerConsumer, 4),
    pipedToDirectPerConsumer: ratio(pipedPerConsumer, directPerConsumer),
    pipedToDirectTotal: ratio(mean(cpu.piped), mean(cpu.direct)),
    pipeFixedCpuPct: round(pipeFixed, 2),
    pipeFixedInDirectConsumers: ratio(pipeFixed, directPerConsumer),
    directDeliveredRatios: delivered.direct,
    pipedDeliveredRatios: delivered.piped,
  };
}

/** The consumer counts of the ramp's steps below `max`, then `max` itself. */
function rampSteps(max: number): number[] {
  const steps: number[] = [];
  for (let step = FIRST_STEP; step < max; step = step < 100 ? step * 2 : Math.round((step * STEP_FACTOR) / 25) * 25) {
    steps.push(step);
  }
  steps.push(max);
  return steps;
}

/** The idle step and the steps where the sinks got (nearly) everything. */
function counted(points: Point[]): Point[] {
  return points.filter((p) => p.deliveredRatio === null || p.deliveredRatio >= DELIVERY_FLOOR);
}

/**
 * The consumer count at the target CPU: interpolated between the two counted steps around it, else
 * extrapolated from the straight line through the counted steps.
 */
function consumersAtTarget(points: Point[]): {
  consumers: number | null;
  method: "interpolated" | "extrapolated" | "none";
} {
  const good = counted(points);
  for (let i = 1; i < good.length; i++) {
    const [below, above] = [good[i - 1]!, good[i]!];
    if (above.cpuPct >= TARGET_CPU_PCT && below.cpuPct < TARGET_CPU_PCT) {
      const share = (TARGET_CPU_PCT - below.cpuPct) / (above.cpuPct - below.cpuPct);
      return { consumers: below.consumers + share * (above.consumers - below.consumers), method: "interpolated" };
    }
  }
  const fit = linearFit(good);
  if (!fit || fit.slope <= 0) return { consumers: null, method: "none" };
  return { consumers: (TARGET_CPU_PCT - fit.intercept) / fit.slope, method: "extrapolated" };
}

/** Least squares: cpuPct ≈ intercept + slope × consumers (null without two distinct counts). */
function linearFit(points: Point[]): { slope: number; intercept: number } | null {
  if (points.length < 2) return null;
  const meanX = points.reduce((s, p) => s + p.consumers, 0) / points.length;
  const meanY = points.reduce((s, p) => s + p.cpuPct, 0) / points.length;
  const sxx = points.reduce((s, p) => s + (p.consumers - meanX) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.consumers - meanX) * (p.cpuPct - meanY), 0);
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}
