import { execFile } from "node:child_process";

export interface RedisBenchmarkResult {
  command: string;
  clients: number;
  requests: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Runs `redis-benchmark` (installed with redis-server) against one Redis with a command line of our
 * own, e.g. `zincrby <key> 1 member:__rand_int__`, and reads its CSV answer.
 */
export function redisBenchmark(opts: {
  port: number;
  clients: number;
  requests: number;
  keyspace: number;
  command: string[];
}): Promise<RedisBenchmarkResult> {
  const args = ["-h", "127.0.0.1", "-p", String(opts.port), "-c", String(opts.clients), "-n", String(opts.requests)];
  args.push("-r", String(opts.keyspace), "--csv", ...opts.command);
  return new Promise((resolve, reject) => {
    execFile("redis-benchmark", args, (error, stdout, stderr) => {
      if (error) return reject(new Error(`redis-benchmark failed: ${error.message}\n${stderr}`));
      // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
      const row = stdout
        .trim()
        .split("\n")
        .at(-1)
        ?.split(",")
        .map((cell) => cell.replace(/^"|"$/g, ""));
      const [, rps, , , p50, , p99] = row ?? [];
      if (!rps || Number.isNaN(Number(rps))) return reject(new Error(`unexpected redis-benchmark output: ${stdout}`));
      resolve({
        command: opts.command.join(" "),
        clients: opts.clients,
        requests: opts.requests,
        opsPerSec: Number(rps),
        p50Ms: Number(p50),
        p99Ms: Number(p99),
      });
    });
  });
}
