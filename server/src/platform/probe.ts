import type { ErrorCode } from "@chalkline/shared";

/** The answers that mean "a limit said no", counted by which limit. */
export const LIMIT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "limit_reached",
  "rate_limited",
  "quota_exceeded",
]);

/**
 * What running code reports for an operator to watch: the metrics feature installs the sink, and until
 * it does every report goes nowhere. One node runs per process, so one sink per process: a handle
 * threaded through every constructor that batches or refuses would reach into every feature for a
 * concern none of them has. Labels are event names, error codes and fixed names, never ids.
 */
export interface Probe {
  /** A client command answered: its event, `ok` or the error code, and seconds from receipt to ack. */
  command(event: string, outcome: string, seconds: number): void;
  /** A request refused by a limit (one of LIMIT_CODES), named by the limit that refused it. */
  refused(code: ErrorCode, limit: string): void;
  /** A group-committed batch written: which queue, how many items went together. */
  batch(queue: string, size: number): void;
  /** Events pushed to clients by this node, `count` at a time. */
  pushed(event: string, count: number): void;
}

const sink: Probe = {
  command: () => {},
  refused: () => {},
  batch: () => {},
  pushed: () => {},
};

/** Reports to whatever sink is installed. */
export const probe: Probe = {
  command: (event, outcome, seconds) => sink.command(event, outcome, seconds),
  refused: (code, limit) => sink.refused(code, limit),
  batch: (queue, size) => sink.batch(queue, size),
  pushed: (event, count) => sink.pushed(event, count),
};

/** Sends every later report to `target`. */
export function installProbe(target: Probe): void {
  Object.assign(sink, target);
}

/** Reports `code` as refused by `limit` when it is a limit's answer; true when it was. */
export function reportIfRefused(code: ErrorCode, limit: string): boolean {
  if (!LIMIT_CODES.has(code)) return false;
  probe.refused(code, limit);
  return true;
}
