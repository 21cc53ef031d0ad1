/** One integer flag of a benchmark: `--name 30` or `--name=30`, else the environment, else the fallback. */
export interface FlagSpec<K extends string> {
  key: K;
  env: string;
  fallback: number;
  /** Smallest value accepted; 1 unless given. */
  min?: number;
}

/**
 * Reads a benchmark's integer flags, each also as an environment variable; flags win. Flags of
 * other benchmarks (all of them get the same argv from `npm run bench -- …`) are reported on
 * stderr and ignored.
 */
export function parseFlags<K extends string>(
  flags: Record<string, FlagSpec<K>>,
  argv: string[],
  env: NodeJS.ProcessEnv,
  warn: (line: string) => void,
): Record<K, number> {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match || !(match[1]! in flags)) {
      warn(`ignoring argument ${arg}`);
      continue;
    }
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value`);
    given.set(match[1]!, value);
  }

  const options = {} as Record<K, number>;
  for (const [flag, { key, env: name, fallback, min = 1 }] of Object.entries(flags)) {
    const raw = given.get(flag) ?? env[name];
    const value = raw === undefined || raw === "" ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min)
      throw new Error(`--${flag} / ${name}: an integer ≥ ${min}, not ${raw}`);
    options[key] = value;
  }
  return options;
}

export interface FanoutOptions {
  clients: number;
  senders: number;
  messagesPerSender: number;
  /** Messages per sender in the unmeasured warm-up round of each case. */
  warmupPerSender: number;
  payloadBytes: number;
}

const CHAT_FLAGS: Record<string, FlagSpec<keyof FanoutOptions>> = {
  clients: { key: "clients", env: "BENCH_CLIENTS", fallback: 30 },
  senders: { key: "senders", env: "BENCH_SENDERS", fallback: 10 },
  messages: { key: "messagesPerSender", env: "BENCH_MESSAGES", fallback: 20 },
  warmup: { key: "warmupPerSender", env: "BENCH_WARMUP", fallback: 3, min: 0 },
  "payload-bytes": { key: "payloadBytes", env: "BENCH_PAYLOAD_BYTES", fallback: 100 },
};

/**
 * The chat bench's flags: `--clients 30`, `--senders=10`, `--messages 20`, `--warmup 3`,
 * `--payload-bytes 100`, each also as an environment variable (BENCH_CLIENTS …).
 */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv, warn: (line: string) => void): FanoutOptions {
  const options = parseFlags(CHAT_FLAGS, argv, env, warn);
  if (options.senders > options.clients) throw new Error("--senders cannot exceed --clients");
  if (options.payloadBytes > 4000) throw new Error("--payload-bytes: at most 4000 (the chat message limit)");
  return options;
}
