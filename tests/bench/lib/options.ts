export interface FanoutOptions {
  clients: number;
  senders: number;
  messagesPerSender: number;
  /** Messages per sender in the unmeasured warm-up round of each case. */
  warmupPerSender: number;
  payloadBytes: number;
}

const FLAGS: Record<string, { key: keyof FanoutOptions; env: string; fallback: number }> = {
  clients: { key: "clients", env: "BENCH_CLIENTS", fallback: 30 },
  senders: { key: "senders", env: "BENCH_SENDERS", fallback: 10 },
  messages: { key: "messagesPerSender", env: "BENCH_MESSAGES", fallback: 20 },
  warmup: { key: "warmupPerSender", env: "BENCH_WARMUP", fallback: 3 },
  "payload-bytes": { key: "payloadBytes", env: "BENCH_PAYLOAD_BYTES", fallback: 100 },
};

/**
 * Reads `--clients 30`, `--senders=10`, `--messages 20`, `--warmup 3`, `--payload-bytes 100`, each
 * also as an environment variable (BENCH_CLIENTS …); flags win. Flags of other benchmarks (all of
 * them get the same argv from `npm run bench -- …`) are reported on stderr and ignored.
 */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv, warn: (line: string) => void): FanoutOptions {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match || !(match[1]! in FLAGS)) {
      warn(`ignoring argument ${arg}`);
      continue;
    }
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value`);
    given.set(match[1]!, value);
  }

  const options = {} as FanoutOptions;
  for (const [flag, { key, env: name, fallback }] of Object.entries(FLAGS)) {
    const raw = given.get(flag) ?? env[name];
    const value = raw === undefined || raw === "" ? fallback : Number(raw);
    const min = key === "warmupPerSender" ? 0 : 1;
    if (!Number.isInteger(value) || value < min)
      throw new Error(`--${flag} / ${name}: an integer ≥ ${min}, not ${raw}`);
    options[key] = value;
  }
  if (options.senders > options.clients) throw new Error("--senders cannot exceed --clients");
  if (options.payloadBytes > 4000) throw new Error("--payload-bytes: at most 4000 (the chat message limit)");
  return options;
}
