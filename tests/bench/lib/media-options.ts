import { parseFlags } from "./options";

const FLAGS = {
  "max-consumers": { key: "maxConsumers", env: "BENCH_MAX_CONSUMERS", fallback: 2000 },
  seconds: { key: "seconds", env: "BENCH_SECONDS", fallback: 5 },
  "warmup-seconds": { key: "warmupSeconds", env: "BENCH_WARMUP_SECONDS", fallback: 2, min: 0 },
  "pipe-consumers": { key: "pipeConsumers", env: "BENCH_PIPE_CONSUMERS", fallback: 100 },
  "pipe-rounds": { key: "pipeRounds", env: "BENCH_PIPE_ROUNDS", fallback: 2 },
  srtp: { key: "srtp", env: "BENCH_SRTP", fallback: 1, min: 0 },
} as const;
export type MediaOptions = Record<(typeof FLAGS)[keyof typeof FLAGS]["key"], number>;

/**
 * The media bench's flags: `--max-consumers 2000` (where the ramp stops if the worker never reaches
 * the target), `--seconds 5` (each measurement window), `--warmup-seconds 2` (before each window),
 * `--pipe-consumers 100` (on each router), `--pipe-rounds 2` (of the four pipe windows), `--srtp 1`
 * (0: the consumers' transports send plain RTP), each also as an environment variable
 * (BENCH_MAX_CONSUMERS …).
 */
export function parseMediaOptions(argv: string[], env: NodeJS.ProcessEnv, warn: (line: string) => void) {
  const opts: MediaOptions = parseFlags(FLAGS, argv, env, warn);
  if (opts.srtp > 1) throw new Error("--srtp: 0 or 1");
  return opts;
}
