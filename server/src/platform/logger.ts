import { pino } from "pino";

export type Logger = pino.Logger;

/** Structured JSON logs on stdout, one object per line, tagged with the node's id. */
export function createLogger(opts: { level: string; serverId: string }): Logger {
  return pino({
    level: opts.level,
    base: { node: opts.serverId },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: ["req.headers.authorization", "req.headers.cookie", "password", "token"],
  });
}
