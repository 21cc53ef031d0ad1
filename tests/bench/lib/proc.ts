/**
 * CPU and socket counters read from /proc (Linux only): what a process has spent, how busy the
 * whole host was, and how many datagrams the kernel dropped at given UDP sockets.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

let clockTicks: number | undefined;

/** `getconf CLK_TCK`: the unit of the times in /proc/<pid>/stat (100 almost everywhere). */
export function clockTicksPerSecond(): number {
  if (clockTicks === undefined) {
    let value = Number.NaN;
    try {
      value = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    } catch {
      // No getconf: 100 is the kernel's USER_HZ on every architecture Node runs on.
    }
    clockTicks = Number.isInteger(value) && value > 0 ? value : 100;
  }
  return clockTicks;
}

export interface ProcessCpu {
  userSeconds: number;
  systemSeconds: number;
}

/** CPU time of a process so far, all of its threads together. */
export function processCpu(pid: number): ProcessCpu {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces and parentheses: the fields resume after the last ")".
  // There fields[0] is field 3 (state), so utime (field 14) is fields[11] and stime (15) fields[12].
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = clockTicksPerSecond();
  return { userSeconds: Number(fields[11]) / ticks, systemSeconds: Number(fields[12]) / ticks };
}

/**
 * Seconds the threads of a process have so far spent runnable but waiting for a core (the second
 * field of /proc/<pid>/task/<tid>/schedstat); null when the kernel does not keep schedstat. A
 * process that waits a lot is starved by the host, not limited by its own work.
 */
export function runQueueWaitSeconds(pid: number): number | null {
  try {
    let waitNs = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      waitNs += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[1]);
    }
    return Number.isFinite(waitNs) ? waitNs / 1e9 : null;
  } catch {
    return null;
  }
}

export interface HostCpu {
  busyTicks: number;
  totalTicks: number;
  cores: number;
}

/** Ticks the whole host spent busy (everything but idle and iowait) and in total, over all cores. */
export function hostCpu(): HostCpu {
  const lines = readFileSync("/proc/stat", "utf8").split("\n");
  const [user, nice, system, idle, iowait, irq, softirq, steal] = (lines[0] ?? "")
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  const busyTicks = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  return {
    busyTicks,
    totalTicks: busyTicks + (idle ?? 0) + (iowait ?? 0),
    cores: lines.filter((line) => /^cpu\d/.test(line)).length,
  };
}

/** Cores the host kept busy between two readings (every process, ours and anyone else's). */
export function busyCores(from: HostCpu, to: HostCpu): number {
  const total = to.totalTicks - from.totalTicks;
  return total > 0 ? ((to.busyTicks - from.busyTicks) / total) * to.cores : 0;
}

/**
 * Datagrams the kernel dropped so far at the IPv4 UDP sockets bound to `ports` on 127.0.0.1,
 * because their receive buffers were full: they did reach the socket, the reader was behind.
 */
export function udpDrops(ports: ReadonlySet<number>): number {
  let drops = 0;
  for (const line of readFileSync("/proc/net/udp", "utf8").split("\n").slice(1)) {
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ref pointer drops
    const columns = line.trim().split(/\s+/);
    const [address, port] = (columns[1] ?? "").split(":");
    if (address !== "0100007F" || !ports.has(Number.parseInt(port ?? "", 16))) continue;
    drops += Number(columns[12] ?? 0);
  }
  return drops;
}
