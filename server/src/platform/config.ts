import { hostname } from "node:os";
import { resolve } from "node:path";
import { MAX_UPLOAD_URL_TTL_SECONDS, ROLES } from "@chalkline/shared";
import { z } from "zod";
import { productionProblems } from "./production-guards";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const list = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Every environment variable the server reads; `.env.example` documents each one. */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  PUBLIC_URL: z.url().default("http://localhost:3000"),
  ALLOWED_ORIGINS: list.optional(),
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  SERVER_ID: z.string().min(1).default(hostname()),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),

  MONGODB_URL: z.string().startsWith("mongodb", { message: "a mongodb:// URL" }),
  MONGODB_DB: z.string().min(1).default("chalkline"),
  REDIS_URL: z.string().startsWith("redis", { message: "a redis:// URL" }),
  REDIS_KEY_PREFIX: z.string().default("chalkline:"),

  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_BUCKET: z.string().default("chalkline"),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** The S3 endpoint as browsers reach it, when it differs from S3_ENDPOINT (a container network). */
  S3_PUBLIC_ENDPOINT: z.url().optional(),
  UPLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(1).max(MAX_UPLOAD_URL_TTL_SECONDS).default(300),
  DOWNLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(1).max(MAX_UPLOAD_URL_TTL_SECONDS).default(300),
  /** File storage per account: the sizes of its uploads, pending ones included; a presign past it is refused. */
  UPLOAD_QUOTA_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(200 * 1024 * 1024),

  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_/, { message: "a Stripe secret key (sk_…)" })
    .optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_", { message: "a webhook signing secret (whsec_…)" }).optional(),
  /** stripe-mock's address; real Stripe when unset. */
  STRIPE_API_URL: z.url().optional(),
  STRIPE_CURRENCY: z
    .string()
    .regex(/^[a-z]{3}$/, { message: "an ISO currency code in lower case" })
    .default("usd"),
  CHECKOUT_EXPIRY_MINUTES: z.coerce.number().int().min(30).max(1440).default(30),

  /** The mail relay; unset, mails are written to the log instead (refused in production). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { message: "an smtp:// or smtps:// URL" })
    .optional(),
  MAIL_FROM: z.string().min(3).default("Chalkline <no-reply@chalkline.localhost>"),
  SIGNUP_LINK_TTL_SECONDS: z.coerce.number().int().min(1).max(604_800).default(86_400),

  JWT_SECRET: z
    .string({ error: "required: at least 32 characters of random data" })
    .min(32, { message: "at least 32 characters of random data" }),
  JWT_ISSUER: z.string().default("chalkline"),
  JWT_AUDIENCE: z.string().default("chalkline-app"),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).max(3600).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),

  /** How long a password-reset link works (once). */
  PASSWORD_RESET_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(1800),
  /** Roles that must sign in with a second factor; they are sent to enrol before anything else. */
  TWO_FACTOR_REQUIRED_ROLES: list.pipe(z.array(z.enum(ROLES))).default([]),
  /** How long "trust this device" skips the second factor on one browser. */
  TRUSTED_DEVICE_TTL_SECONDS: z.coerce.number().int().min(1).max(31_536_000).default(2_592_000),

  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  SOCKET_EVENTS_PER_SECOND: z.coerce.number().positive().default(10),
  SOCKET_EVENT_BURST: z.coerce.number().int().min(1).default(30),
  /** Commands a second of one account over all its sockets and every node (bursts up to the burst). */
  SOCKET_ACCOUNT_EVENTS_PER_SECOND: z.coerce.number().positive().default(20),
  SOCKET_ACCOUNT_EVENT_BURST: z.coerce.number().int().min(1).default(60),
  /** Commands a second from one client address over every node (a school behind one NAT shares it). */
  SOCKET_IP_EVENTS_PER_SECOND: z.coerce.number().positive().default(200),
  SOCKET_IP_EVENT_BURST: z.coerce.number().int().min(1).default(600),
  /** Sockets one account may hold over every node; one more pushes out the oldest, which is told why. */
  SOCKETS_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  /** Sockets one client address may hold over every node; more are refused at the handshake. */
  SOCKETS_PER_IP: z.coerce.number().int().min(1).default(50),
  /** New sockets one client address may open a minute; more are refused at the handshake. */
  SOCKET_CONNECTS_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** How long a socket still counts towards those limits after its node last renewed it (a dead node's). */
  SOCKET_COUNT_TTL_SECONDS: z.coerce.number().int().min(1).max(600).default(30),

  /** People one chat message can mention; further mentions stay text and notify nobody. */
  CHAT_MAX_MENTIONS: z.coerce.number().int().min(0).default(10),
  /** Mention notifications one sender can cause per minute over every node; further ones are not sent. */
  NOTIFICATIONS_PER_SENDER_PER_MINUTE: z.coerce.number().int().min(0).default(30),

  COLLAB_COMPACT_EVERY: z.coerce.number().int().min(2).default(200),
  /** Messages a second a collaboration connection may send (bursts up to COLLAB_MESSAGE_BURST); more close it. */
  COLLAB_MESSAGES_PER_SECOND: z.coerce.number().positive().default(200),
  COLLAB_MESSAGE_BURST: z.coerce.number().int().min(1).default(1000),
  /** A larger collaboration frame closes its connection. */
  COLLAB_MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** A document may not grow past this (well under MongoDB's 16 MB document limit, so snapshots always store). */
  COLLAB_MAX_DOC_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(12 * 1024 * 1024)
    .default(8 * 1024 * 1024),
  /** How long a collaboration ticket (what opens one document's WebSocket, once) stays usable. */
  COLLAB_TICKET_TTL_SECONDS: z.coerce.number().int().min(1).max(300).default(30),
  /** Documents one account may have open at once over every node and tab; more are closed with 4409. */
  COLLAB_CONNECTIONS_PER_ACCOUNT: z.coerce.number().int().min(1).default(20),
  /** How long an open document still counts against its account when its node stopped without closing it. */
  COLLAB_CONNECTION_TTL_SECONDS: z.coerce.number().int().min(3).max(3600).default(60),

  /** Worker threads that grade code submissions in WebAssembly; each loads Pyodide once (about 2 s and 60 MB). */
  CODE_RUN_POOL_SIZE: z.coerce.number().int().min(1).max(16).default(1),
  /** How long one graded run (the code and its tests) may take before it is stopped. */
  CODE_RUN_TIME_LIMIT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** The memory a graded run may use: QuickJS's heap limit and the cap on Pyodide's WebAssembly memory. */
  CODE_RUN_MEMORY_MB: z.coerce.number().int().min(64).max(2048).default(256),

  /** How long before a scheduled class its learners get a reminder (fractions allowed). */
  CLASS_REMINDER_MINUTES: z.coerce.number().positive().max(1440).default(10),
  /** How often each node looks for classes due a reminder; a reminder is at most this late. */
  CLASS_REMINDER_SWEEP_SECONDS: z.coerce.number().min(0.1).max(600).default(15),

  /** Task points a guardian may set per week (UTC), unless an admin sets another figure for them. */
  GUARDIAN_TASK_POINTS_PER_WEEK: z.coerce.number().int().min(0).default(100),
  /** The most one learner earns from one guardian's tasks in a UTC day; also the most one task is worth. */
  GUARDIAN_DAILY_POINTS_PER_LEARNER: z.coerce.number().int().min(1).default(50),

  /** Focus minutes a learner earns XP for in one local day; further minutes are recorded but earn nothing. */
  STUDY_MAX_FOCUS_MINUTES_PER_DAY: z.coerce.number().int().min(0).max(1440).default(240),
  /** How often the cluster sweeps for idle learners and broken streaks to alert (one node per interval). */
  STUDY_ALERT_SWEEP_SECONDS: z.coerce.number().min(0.5).max(86_400).default(3600),

  /** Serves `/metrics` to the bearer of this token; unset, the node serves no metrics. */
  METRICS_TOKEN: z.preprocess(
    // Empty is unset, as compose passes an unset variable through.
    (v) => (v === "" ? undefined : v),
    z.string().min(16, { message: "at least 16 characters of random data" }).optional(),
  ),

  WEB_BUILD_DIR: z.string().optional(),
  // Consumers a media node serves before newcomers to its classes are placed on another media node.
  MEDIA_NODE_MAX_CONSUMERS: z.coerce.number().int().min(1).default(2000),
  SEED_DEMO: bool.default(false),
  // `school` seeds the whole demo school; `core` only its accounts, first course, family link, study
  // room and products, a small known world for tests that start many nodes.
  SEED_DEMO_SCOPE: z.enum(["school", "core"]).default("school"),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(8000),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  allowedOrigins: string[];
  secureCookies: boolean;
}

/** Parses the environment, failing fast with one readable line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid server configuration:\n${lines.join("\n")}\nSee .env.example.`);
  }
  const e = parsed.data;
  const problems = e.NODE_ENV === "production" ? productionProblems(e) : [];
  if (problems.length > 0) {
    const lines = problems.map((line) => `  ${line}`);
    throw new Error(`Refusing to start in production:\n${lines.join("\n")}\nSee .env.example.`);
  }
  return {
    ...e,
    allowedOrigins: e.ALLOWED_ORIGINS ?? [new URL(e.PUBLIC_URL).origin],
    secureCookies: e.PUBLIC_URL.startsWith("https:"),
  };
}

/** loadConfig for an entry point: a bad configuration is printed for the operator, without a stack trace, and exits 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

/** Where `npm start` keeps the embedded services' data: DATA_DIR, relative to `root`, or `<root>/.data`. */
export function installDataDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(root, env.DATA_DIR ?? ".data");
}

/** The directory a command was typed in: npm runs scripts from the package root and keeps the caller's in INIT_CWD. */
export function invocationDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD ?? process.cwd();
}
