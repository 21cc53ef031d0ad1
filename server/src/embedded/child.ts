import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const STOP_GRACE_MS = 5_000;
const READY_POLL_MS = 100;
const LOG_TAIL_LINES = 20;

/** How a child ended: an exit code, a signal, or an error from spawn itself (e.g. ENOENT). */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

/** A service process whose stdout and stderr go to a log file. */
export interface ManagedChild {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves once the process has ended. */
  readonly exited: Promise<ChildExit>;
  hasExited(): boolean;
  /** The last lines of the log file, for error messages. */
  logTail(lines?: number): string;
  /** SIGTERM, then SIGKILL after 5 s; idempotent. */
  stop(): Promise<void>;
}

// Children still running when this process exits are killed, so a crashed test run or server
// does not leave servers holding ports and data directories.
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackForExit(child: ChildProcess): void {
  live.add(child);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const c of live) c.kill("SIGKILL");
  });
}

/** Spawns `command` away from the terminal (output appended to `logFile`, own process group). */
export function spawnManaged(options: {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  /** Run as this account (the parent must be root). */
  uid?: number;
  gid?: number;
}): ManagedChild {
  const { name, command, args, logFile } = options;
  mkdirSync(dirname(logFile), { recursive: true });
  const fd = openSync(logFile, "a");
  let child: ChildProcess;
  try {
    // Its own process group: Ctrl-C in a terminal signals the whole foreground group, and the
    // services must outlive the app's orderly shutdown, which stops them last via stop().
    child = spawn(command, args, {
      env: options.env ?? process.env,
      stdio: ["ignore", fd, fd],
      detached: true,
      ...(options.uid === undefined ? {} : { uid: options.uid }),
      ...(options.gid === undefined ? {} : { gid: options.gid }),
    });
  } finally {
    closeSync(fd); // the child holds its own copy
  }
  trackForExit(child);
  let ended: ChildExit | undefined;
  const exited = new Promise<ChildExit>((resolve) => {
    child.once("error", (error) => {
      ended ??= { code: null, signal: null, error };
      live.delete(child);
      resolve(ended);
    });
    child.once("exit", (code, signal) => {
      ended ??= { code, signal };
      live.delete(child);
      resolve(ended);
    });
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (ended) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
  return {
    name,
    pid: child.pid ?? -1,
    logFile,
    exited,
    hasExited: () => ended !== undefined,
    logTail: (lines = LOG_TAIL_LINES) => readTail(logFile, lines),
    stop,
  };
}

function readTail(file: string, lines: number): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

function describeExit(exit: ChildExit): string {
  if (exit.error) return `could not start: ${exit.error.message}`;
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/**
 * Polls `probe` until it returns true. Throws (after stopping the child) when the child exits
 * first or `timeoutMs` passes; the message carries the tail of the child's log.
 */
export async function waitUntilReady(
  child: ManagedChild,
  probe: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: ChildExit | undefined;
  void child.exited.then((e) => {
    exit = e;
  });
  for (;;) {
    if (exit) {
      throw new Error(`${child.name} ${describeExit(exit)} during startup; log ${child.logFile}:\n${child.logTail()}`);
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`${child.name} was not ready after ${timeoutMs} ms; log ${child.logFile}:\n${child.logTail()}`);
    }
    await sleep(READY_POLL_MS);
  }
}
