import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { z } from "zod";
import { MediaError } from "./errors";

// Unset and empty variables mean the same thing (an `.env` line like `MEDIA_ANNOUNCED_IP=`).
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());
const port = z.coerce.number().int().min(1024).max(65535);
const ipAddress = z.union([z.ipv4(), z.ipv6()], { error: "an IPv4 or IPv6 address" });

const redisEnv = {
  // The same Redis and prefix as the server nodes: signalling between them goes through it.
  REDIS_URL: z
    .string({ error: "required: a redis:// URL (the server nodes' Redis)" })
    .startsWith("redis", { error: "a redis:// URL" }),
  // Read exactly as the server nodes read it (an empty prefix stays empty), or they would not meet.
  REDIS_KEY_PREFIX: z.string().default("chalkline:"),
};

/** Every environment variable the media node reads; `.env.example` documents each one. */
const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    MEDIA_WORKERS: optional(z.coerce.number().int().min(1).max(256)),
    RTC_MIN_PORT: optional(port),
    RTC_MAX_PORT: optional(port),
    MEDIA_LISTEN_IP: optional(ipAddress),
    MEDIA_ANNOUNCED_IP: optional(ipAddress),
    MEDIA_LOG_LEVEL: optional(z.enum(["debug", "warn", "error", "none"])),
    MEDIA_MAX_TRANSPORTS_PER_CLASS: optional(z.coerce.number().int().min(2)),
    MEDIA_MAX_TRANSPORTS_PER_NODE: optional(z.coerce.number().int().min(2)),
    MEDIA_PIPE_ANNOUNCED_IP: optional(ipAddress),
    MEDIA_NODE_ID: optional(
      z
        .string()
        .min(1)
        .max(100)
        .regex(/^[\w.-]+$/, "letters, digits, '.', '_' or '-'"),
    ),
    MEDIA_DRAINING: optional(z.stringbool()),
    MEDIA_DRAIN_ON_SIGTERM: optional(z.stringbool()),
    MEDIA_DRAIN_TIMEOUT_MS: optional(z.coerce.number().int().min(0).max(3_600_000)),
    MEDIASOUP_WORKER_BIN: z
      .string({ error: 'required: the path of the mediasoup-worker binary ("npm run setup" builds it)' })
      .min(1, 'required: the path of the mediasoup-worker binary ("npm run setup" builds it)')
      .refine(existsSync, { error: (issue) => `no file at ${String(issue.input)}` }),
    ...redisEnv,
    // Metrics are off without a token; with one, `/metrics` answers on every interface, to its bearer only.
    METRICS_TOKEN: optional(z.string().min(16, { error: "at least 16 characters of random data" })),
    MEDIA_METRICS_PORT: optional(port),
  })
  .superRefine((e, ctx) => {
    // Browsers would be told to send media to 0.0.0.0: every call connects and carries nothing.
    const everyInterface = e.MEDIA_LISTEN_IP === "0.0.0.0" || e.MEDIA_LISTEN_IP === "::";
    if (e.NODE_ENV === "production" && everyInterface && !e.MEDIA_ANNOUNCED_IP) {
      ctx.addIssue({
        code: "custom",
        path: ["MEDIA_ANNOUNCED_IP"],
        message: "required in production when MEDIA_LISTEN_IP is every interface: the address browsers reach",
      });
    }
  })
  .transform((e) => {
    const rtcMinPort = e.RTC_MIN_PORT ?? 40_000;
    const rtcMaxPort = e.RTC_MAX_PORT ?? 49_999;
    return {
      /** One mediasoup worker per core unless MEDIA_WORKERS says otherwise. */
      workerCount: e.MEDIA_WORKERS ?? availableParallelism(),
      rtcMinPort,
      rtcMaxPort,
      /** WebRTC transports one live class may hold (two per participant); the node's default when unset. */
      maxTransportsPerClass: e.MEDIA_MAX_TRANSPORTS_PER_CLASS,
      /** Each transport holds one UDP and one TCP port, so by default as many as the RTC range has ports. */
      maxTransportsPerNode: e.MEDIA_MAX_TRANSPORTS_PER_NODE ?? Math.max(2, rtcMaxPort - rtcMinPort + 1),
      /** The address WebRTC transports listen on; 0.0.0.0 in a container. */
      listenIp: e.MEDIA_LISTEN_IP ?? "127.0.0.1",
      /** The address browsers reach this node on, when it differs from the one it listens on. */
      announcedIp: e.MEDIA_ANNOUNCED_IP,
      logLevel: e.MEDIA_LOG_LEVEL ?? "warn",
      /** The address other media nodes reach this one's pipes at, when it differs from the browsers' one. */
      pipeAnnouncedIp: e.MEDIA_PIPE_ANNOUNCED_IP,
      /** The node's id in the cluster registry; host name and a random suffix when unset. */
      nodeId: e.MEDIA_NODE_ID,
      /** Starts drained: reachable, but given no new classes. */
      draining: e.MEDIA_DRAINING ?? false,
      /** On SIGTERM, first move every class off (their peers rejoin elsewhere), for at most the timeout. */
      drainOnSigterm: e.MEDIA_DRAIN_ON_SIGTERM ?? false,
      drainTimeoutMs: e.MEDIA_DRAIN_TIMEOUT_MS ?? 30_000,
      workerBin: e.MEDIASOUP_WORKER_BIN,
      redisUrl: e.REDIS_URL,
      redisKeyPrefix: e.REDIS_KEY_PREFIX,
      /** Where `/metrics` is served, and the token a scraper must present; off when unset. */
      metrics:
        e.METRICS_TOKEN === undefined ? undefined : { port: e.MEDIA_METRICS_PORT ?? 9400, token: e.METRICS_TOKEN },
    };
  })
  .refine((c) => c.rtcMinPort < c.rtcMaxPort, {
    error: "RTC_MIN_PORT must be below RTC_MAX_PORT",
    path: ["RTC_MIN_PORT"],
  });

/** The media node's settings. */
export type MediaConfig = z.infer<typeof envSchema>;

/** Parses the environment, failing with one readable line per bad variable. */
export function loadMediaConfig(env: NodeJS.ProcessEnv = process.env): MediaConfig {
  return parseEnv(envSchema, env);
}

/** What the media cluster CLI reads: only where the cluster's Redis is. */
export function loadMediaCliConfig(env: NodeJS.ProcessEnv = process.env): { redisUrl: string; prefix: string } {
  const e = parseEnv(z.object(redisEnv), env);
  return { redisUrl: e.REDIS_URL, prefix: e.REDIS_KEY_PREFIX };
}

function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new MediaError("invalid_config", `Invalid media configuration:\n${lines.join("\n")}\nSee .env.example.`);
  }
  return parsed.data;
}
