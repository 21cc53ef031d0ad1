/**
 * The media node's capacity, measured on the real mediasoup worker with synthetic RTP on loopback:
 *
 * 1. Consumers per worker: one worker, one VP8 producer (150 packets/s, ~1.2 Mbit/s) and 25, 50,
 *    100, then ×1.5 consumers, each on its own PlainTransport sending (SRTP by default, as a
 *    WebRtcTransport must) to counting UDP sinks; the worker's CPU from /proc at each step, until
 *    it passes 80% of one core. The count at 80% (interpolated between steps, else extrapolated,
 *    then measured once more) is printed as a ratio against the ~500 consumers per worker that
 *    mediasoup documents. A step where the sinks got under 95% of consumers × packets sent ends the
 *    ramp and does not count: the worker no longer kept up, or the host starved it.
 * 2. Two media nodes: the same ramp with one worker per node, the producer on the first piped to the
 *    second over PipeTransports (as the cluster pipes between nodes) and the consumers shared; the
 *    count where the busier worker reaches 80%, as a ratio to the one-node count, and the cores
 *    both workers used at that count.
 * 3. Piped producers: what a consumer costs on the producer's own router against one consuming the
 *    producer piped (as between media nodes) to a router on a second worker, and the pipe's own cost.
 *
 * Every window also reports what reached the sinks against consumers × packets sent, so a
 * forwarder that drops packets cannot pass for a cheap one; the CPU of the sink process, of this
 * process and of other processes, which share the machine with the workers; and how long the
 * workers waited for a core, which tells a starved worker from a saturated one.
 *
 * stdout: one JSON line per case, then a summary line. stderr: progress. Figures are printed, never
 * judged: the exit code is non-zero only when something breaks.
 *
 *   node --import tsx tests/bench/media.bench.ts --max-consumers 2000 --seconds 5 --pipe-consumers 100
 */
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { ratio, round } from "./lib/fanout";
import { DELIVERY_FLOOR, type MediaRun, pipeCase, rampCase, TARGET_CPU_PCT } from "./lib/media-cases";
import { parseMediaOptions } from "./lib/media-options";
import { loadMediasoup } from "./lib/mediasoup";
import { clockTicksPerSecond } from "./lib/proc";
import { PACKETS_PER_FRAME, PAYLOAD_BYTES, startRtpSink, VIDEO_FPS } from "./lib/rtp-loopback";
import { type BenchContext, runBench } from "./lib/run";

const BENCH = "media";
/** mediasoup.org/documentation/v3/scalability: a worker "can typically handle over ~500 consumers in total". */
const DOCUMENTED_CONSUMERS_PER_WORKER = 500;
const SINK_SOCKETS = 8;
const PACKETS_PER_SECOND = VIDEO_FPS * PACKETS_PER_FRAME;

async function main(ctx: BenchContext): Promise<void> {
  const { cleanup, progress, emit } = ctx;
  const startedAt = performance.now();
  const opts = parseMediaOptions(process.argv.slice(2), process.env, progress);
  const mediasoup = await loadMediasoup();
  const common = { srtp: opts.srtp === 1, packetsPerSecond: PACKETS_PER_SECOND, payloadBytes: PAYLOAD_BYTES };
  progress(
    `mediasoup ${mediasoup.version} (${process.env.MEDIASOUP_WORKER_BIN}), ${availableParallelism()} cores, ` +
      `CLK_TCK ${clockTicksPerSecond()}; VP8 at ${PACKETS_PER_SECOND} packets/s of ${PAYLOAD_BYTES} bytes; ` +
      `consumers send ${common.srtp ? "SRTP" : "plain RTP"}; windows of ${opts.seconds} s after ${opts.warmupSeconds} s`,
  );
  const { value: sink } = await cleanup.start("rtp sink", startRtpSink(SINK_SOCKETS), (s) => s.stop());
  const run: MediaRun = {
    ctx,
    mediasoup,
    sink,
    opts,
    emit: (name, consumers, result, extra) =>
      emit({ bench: BENCH, case: name, ...extra, consumers, ...common, ...result }),
  };

  const ramp = await rampCase(run);
  const twoNodes = await rampCase(run, 2);
  const pipe = await pipeCase(run);

  const perConsumer = ramp.cpuPctPerConsumer;
  emit({
    bench: BENCH,
    case: "summary",
    ...common,
    cores: availableParallelism(),
    targetCpuPctOfOneCore: TARGET_CPU_PCT,
    // /proc counts CPU time in ticks: one tick over one window, per worker.
    cpuTickPctOfOneCore: round(100 / clockTicksPerSecond() / opts.seconds, 2),
    deliveryFloor: DELIVERY_FLOOR,
    consumersAtTarget: ramp.consumersAtTarget,
    estimate: ramp.estimate,
    documentedConsumersPerWorker: DOCUMENTED_CONSUMERS_PER_WORKER,
    ratioToDocumented:
      ramp.consumersAtTarget === null ? null : ratio(ramp.consumersAtTarget, DOCUMENTED_CONSUMERS_PER_WORKER),
    checkCpuPctAtEstimate: ramp.checkCpuPct,
    checkDeliveredRatioAtEstimate: ramp.checkDeliveredRatio,
    rampStoppedBy: ramp.rampStoppedBy,
    rampPoints: ramp.points,
    idleWorkerCpuPct: ramp.idleWorkerCpuPct,
    oneNodeCoresUsedAtTarget: ramp.checkCoresUsed,
    twoNodesConsumersAtTarget: twoNodes.consumersAtTarget,
    twoNodesEstimate: twoNodes.estimate,
    twoNodesRampStoppedBy: twoNodes.rampStoppedBy,
    twoNodesCoresUsedAtTarget: twoNodes.checkCoresUsed,
    twoNodesToOne:
      twoNodes.consumersAtTarget === null || ramp.consumersAtTarget === null
        ? null
        : ratio(twoNodes.consumersAtTarget, ramp.consumersAtTarget),
    cpuPctPerConsumer: perConsumer,
    workerMicrosecondsPerPacket: perConsumer && round((perConsumer / 100 / PACKETS_PER_SECOND) * 1e6, 2),
    ...pipe,
    totalSeconds: round((performance.now() - startedAt) / 1000, 1),
  });
}

await runBench(BENCH, main);
