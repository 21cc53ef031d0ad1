/**
 * One measurement of the media bench: the workers' CPU over a window, next to what the sender sent
 * and what reached the sinks, so a forwarder that drops packets cannot pass for a cheap one.
 */
import { performance } from "node:perf_hooks";
import { round } from "./fanout";
import type { BenchWorker } from "./mediasoup";
import { busyCores, hostCpu, processCpu, runQueueWaitSeconds, udpDrops } from "./proc";
import type { RtpSink, Vp8Sender } from "./rtp-loopback";

export interface WindowProbe {
  workers: BenchWorker[];
  sender: Vp8Sender;
  sink: RtpSink;
  /** Consumers that should be forwarding during the window. */
  consumers: number;
  /** Payload type of the media the consumers send (undefined: no consumer). */
  payloadType: number | undefined;
}

export interface WindowResult {
  seconds: number;
  /** Sum over the workers, in % of one core. */
  workerCpuPct: number;
  workerUserPct: number;
  workerSystemPct: number;
  perWorkerCpuPct: number[];
  /**
   * Time the workers were runnable but waiting for a core, in % of the window (summed over them;
   * null without schedstat): high means the host starved them and the CPU figures understate.
   */
  workerRunQueueWaitPct: number | null;
  sentPerSec: number;
  /** consumers × sentPerSec. */
  expectedPerSec: number;
  /** Media RTP the sinks read. */
  deliveredPerSec: number;
  /** deliveredPerSec / expectedPerSec (null without consumers). */
  deliveredRatio: number | null;
  /** Datagrams of any kind the kernel dropped at the sink sockets because the sink fell behind. */
  sinkDropsPerSec: number;
  sinkRtcpPerSec: number;
  sinkOtherRtpPerSec: number;
  keyFrameRequests: number;
  nacks: number;
  /** The sink process and this process, % of one core: they share the machine with the workers. */
  sinkCpuPct: number;
  benchCpuPct: number;
  /** Cores busy on the whole host during the window, and the part of it that was not this bench's. */
  hostBusyCores: number;
  othersBusyCores: number;
}

async function snapshot(probe: WindowProbe) {
  const sinkCounts = await probe.sink.counts(probe.payloadType ?? -1);
  return {
    atMs: performance.now(),
    workers: probe.workers.map((w) => processCpu(w.worker.pid)),
    waits: probe.workers.map((w) => runQueueWaitSeconds(w.worker.pid)),
    sink: processCpu(probe.sink.pid),
    bench: process.cpuUsage(),
    host: hostCpu(),
    sent: probe.sender.sent(),
    keyFrameRequests: probe.sender.keyFrameRequests(),
    nacks: probe.sender.nacks(),
    sinkCounts,
    drops: udpDrops(new Set(probe.sink.ports)),
  };
}

/**
 * Sends a key frame (new consumers wait for one), waits `warmupSeconds`, then measures `seconds`.
 */
export async function measureWindow(probe: WindowProbe, warmupSeconds: number, seconds: number): Promise<WindowResult> {
  probe.sender.sendKeyFrame();
  await sleep(warmupSeconds * 1000);
  for (const w of probe.workers) w.assertAlive();
  const from = await snapshot(probe);
  await sleep(seconds * 1000);
  for (const w of probe.workers) w.assertAlive();
  const to = await snapshot(probe);

  const elapsed = (to.atMs - from.atMs) / 1000;
  const pct = (cpuSeconds: number) => round((cpuSeconds / elapsed) * 100, 1);
  const perSec = (count: number) => round(count / elapsed, 0);
  const users = to.workers.map((cpu, i) => cpu.userSeconds - from.workers[i]!.userSeconds);
  const systems = to.workers.map((cpu, i) => cpu.systemSeconds - from.workers[i]!.systemSeconds);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const sentPerSec = (to.sent - from.sent) / elapsed;
  const delivered = to.sinkCounts.media - from.sinkCounts.media;
  const expected = probe.consumers * (to.sent - from.sent);
  const workerCpu = sum(users) + sum(systems);
  const sinkCpu = to.sink.userSeconds + to.sink.systemSeconds - from.sink.userSeconds - from.sink.systemSeconds;
  const benchCpu = (to.bench.user + to.bench.system - from.bench.user - from.bench.system) / 1e6;
  const hostBusy = busyCores(from.host, to.host);
  const waits = to.waits.map((wait, i) => {
    const before = from.waits[i];
    return wait === null || before === null || before === undefined ? null : wait - before;
  });
  return {
    seconds: round(elapsed, 2),
    workerCpuPct: pct(workerCpu),
    workerUserPct: pct(sum(users)),
    workerSystemPct: pct(sum(systems)),
    perWorkerCpuPct: users.map((user, i) => pct(user + systems[i]!)),
    workerRunQueueWaitPct: waits.every((w): w is number => w !== null) ? pct(sum(waits)) : null,
    sentPerSec: round(sentPerSec, 1),
    expectedPerSec: perSec(expected),
    deliveredPerSec: perSec(delivered),
    deliveredRatio: expected > 0 ? round(delivered / expected, 3) : null,
    sinkDropsPerSec: perSec(to.drops - from.drops),
    sinkRtcpPerSec: perSec(to.sinkCounts.rtcp - from.sinkCounts.rtcp),
    sinkOtherRtpPerSec: perSec(to.sinkCounts.otherRtp - from.sinkCounts.otherRtp),
    keyFrameRequests: to.keyFrameRequests - from.keyFrameRequests,
    nacks: to.nacks - from.nacks,
    sinkCpuPct: pct(sinkCpu),
    benchCpuPct: pct(benchCpu),
    hostBusyCores: round(hostBusy, 2),
    othersBusyCores: round(Math.max(0, hostBusy - (workerCpu + sinkCpu + benchCpu) / elapsed), 2),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
