import type { ManagedChild } from "./child";

/** A server process started for this app or test run. */
export interface EmbeddedService {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  /** stdout and stderr of the process. */
  readonly logFile: string;
  /** SIGTERM, then SIGKILL after 5 s; safe to call more than once. */
  stop(): Promise<void>;
}

/** The common part of every service handle. */
export function serviceOf(child: ManagedChild, port: number): EmbeddedService {
  return { name: child.name, port, pid: child.pid, logFile: child.logFile, stop: child.stop };
}
