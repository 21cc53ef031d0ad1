import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** `npm test` exports the variable; a bare `vitest run` falls back to where setup caches the worker. */
export function mediasoupWorkerBin(): string {
  const bin =
    process.env.MEDIASOUP_WORKER_BIN ||
    join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "chalkline", "mediasoup-worker-3.8.4");
  if (!existsSync(bin)) throw new Error(`no mediasoup worker at ${bin}: run "npm run setup"`);
  return bin;
}

export interface MediaNodeHandle {
  /** Sends SIGTERM and waits for the exit. */
  stop(): Promise<number | null>;
  /** Sends `signal` (SIGKILL: the node dies without a word) and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
  /** The process ids of its mediasoup workers (its child processes running the worker binary). */
  workerPids(): number[];
  logs(): string;
}

/**
 * Starts a media node (`media/src/main.ts`) on the run's Redis under a cluster's key prefix, so the
 * cluster's server nodes signal through it; resolves once it says it is ready.
 */
export async function startMediaNode(opts: {
  keyPrefix: string;
  workers?: number;
  env?: Record<string, string>;
}): Promise<MediaNodeHandle> {
  const { redisUrl } = inject("services");
  const child = spawn(process.execPath, ["--import", "tsx", "media/src/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "test",
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `${opts.keyPrefix}:`,
      MEDIASOUP_WORKER_BIN: mediasoupWorkerBin(),
      MEDIA_WORKERS: String(opts.workers ?? 1),
      MEDIA_LISTEN_IP: "127.0.0.1",
      LOG_LEVEL: "info",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`media node not ready within 60 s:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes("media node ready")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    void exited.then((code) => reject(new Error(`media node exited with ${code}:\n${output}`)));
  });
  return {
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    workerPids: () => childPids(child.pid ?? -1).filter((pid) => commandOf(pid).includes("mediasoup-worker")),
    logs: () => output,
  };
}

/** Linux: the command line of a process ("" once it is gone). */
function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return "";
  }
}

/** Linux: the processes whose parent is `pid` (mediasoup workers, but also tsx's esbuild), from /proc. */
function childPids(pid: number): number[] {
  return readdirSync("/proc").flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      // The command name is in parentheses and may hold spaces; the parent id follows the state.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      return ppid === pid ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}
