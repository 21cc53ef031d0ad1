import { join } from "node:path";
import { findStripeMockBinary } from "./binaries";
import { type EmbeddedMailpit, startMailpit } from "./mailpit";
import { type EmbeddedMongo, mongoDataDirName, startMongo } from "./mongo";
import { type EmbeddedRedis, startRedis } from "./redis";
import { type EmbeddedS3, loadOrCreateS3Keys, startS3 } from "./s3";
import type { EmbeddedService } from "./service";
import { type EmbeddedStripeMock, startStripeMock } from "./stripe";

/**
 * Connection settings for the services that were started, under the app's env variable names.
 * The embedded S3 server needs path-style addressing (`forcePathStyle: true`).
 */
export interface EmbeddedEnv {
  MONGODB_URL?: string;
  REDIS_URL?: string;
  S3_ENDPOINT?: string;
  S3_REGION?: string;
  S3_BUCKET?: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
  STRIPE_API_URL?: string;
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  SMTP_URL?: string;
}

/** What startEmbeddedServices started. */
export interface EmbeddedServices {
  /** Only the variables of started services; merge over the configured environment. */
  readonly env: EmbeddedEnv;
  readonly redis?: EmbeddedRedis;
  readonly mongo?: EmbeddedMongo;
  readonly s3?: EmbeddedS3;
  readonly stripe?: EmbeddedStripeMock;
  /** Catches the mail the app sends; its `url` is the web UI to read it in. */
  readonly mailpit?: EmbeddedMailpit;
  /** Stops every started service; safe to call more than once. */
  stop(): Promise<void>;
}

/** Anything with an `info(message)` method: a pino logger, `console`. */
export interface EmbeddedLogger {
  info(message: string): void;
}

/** Bucket of the embedded S3 server when S3_BUCKET does not name one. */
export const DEFAULT_BUCKET = "chalkline";

/**
 * Starts, in parallel, each of MongoDB, Redis and S3 that the environment does not configure
 * (MONGODB_URL, REDIS_URL, S3_ENDPOINT), with data under `dataDir` (`mongod/`, `ferretdb-postgresql/` or
 * `ferretdb-sqlite/`, `redis/`, `s3/`), so a restart on the same directory keeps the data; `durable: false`
 * (tests) lets the database skip the flushes that only protect against a machine crash. If one fails to start,
 * the others are stopped and the error is thrown. stripe-mock is started too when
 * STRIPE_SECRET_KEY is unset and it is installed; without it card payments are off, not an error.
 * Mailpit (`mailpit/`) catches the app's mail unless SMTP_URL names a relay.
 */
export async function startEmbeddedServices(options: {
  dataDir: string;
  log?: EmbeddedLogger;
  env?: NodeJS.ProcessEnv;
  durable?: boolean;
}): Promise<EmbeddedServices> {
  const env = options.env ?? process.env;
  const log = options.log ?? { info: () => {} };
  const started: EmbeddedService[] = [];
  const track = <T extends EmbeddedService>(service: T): T => {
    started.push(service);
    return service;
  };

  // Each start is wrapped so that a synchronous throw (no binary) also lands in allSettled below.
  const launch = <T extends EmbeddedService>(skip: string | undefined, start: () => Promise<T>) =>
    skip ? undefined : Promise.resolve().then(start).then(track);
  const redisPromise = launch(env.REDIS_URL, () => startRedis({ dataDir: join(options.dataDir, "redis"), env }));
  const mongoPromise = launch(env.MONGODB_URL, () =>
    startMongo({ dataDir: join(options.dataDir, mongoDataDirName(env)), durable: options.durable ?? true, env }),
  );
  const s3Promise = launch(env.S3_ENDPOINT, () => {
    const dir = join(options.dataDir, "s3");
    return startS3({ dataDir: dir, bucket: env.S3_BUCKET || DEFAULT_BUCKET, env, ...loadOrCreateS3Keys(dir) });
  });

  const mailpitPromise = launch(env.SMTP_URL, () => startMailpit({ dataDir: join(options.dataDir, "mailpit"), env }));

  const stripeMockBin = env.STRIPE_SECRET_KEY ? undefined : findStripeMockBinary(env);
  const stripePromise = stripeMockBin
    ? launch(undefined, () => startStripeMock({ bin: stripeMockBin, dataDir: join(options.dataDir, "stripe"), env }))
    : undefined;

  const stop = async (): Promise<void> => {
    await Promise.all(started.map((service) => service.stop()));
  };
  const results = await Promise.allSettled([redisPromise, mongoPromise, s3Promise, stripePromise, mailpitPromise]);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure) {
    await stop();
    throw failure.reason;
  }
  const [redis, mongo, s3, stripe, mailpit] = await Promise.all([
    redisPromise,
    mongoPromise,
    s3Promise,
    stripePromise,
    mailpitPromise,
  ]);

  const out: EmbeddedEnv = {};
  if (redis) {
    out.REDIS_URL = redis.url;
    log.info(`embedded Redis at ${redis.url} (log ${redis.logFile})`);
  }
  if (mongo) {
    out.MONGODB_URL = mongo.url;
    log.info(`embedded MongoDB (${mongo.description}) at ${mongo.url} (log ${mongo.logFile})`);
    if (mongo.postgres?.relocatedTo) {
      log.info(
        `PostgreSQL keeps its files in ${mongo.postgres.relocatedTo}: the postgres account cannot reach the data directory`,
      );
    }
  }
  if (s3) {
    Object.assign(out, {
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: s3.region,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    log.info(`embedded S3 (Versity Gateway) at ${s3.endpoint}, bucket ${s3.bucket} (log ${s3.logFile})`);
  }
  if (stripe) {
    Object.assign(out, {
      STRIPE_API_URL: stripe.url,
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    });
    log.info(`embedded stripe-mock at ${stripe.url}: card payments are simulated (log ${stripe.logFile})`);
  } else if (!env.STRIPE_SECRET_KEY) {
    log.info('card payments are off: set STRIPE_SECRET_KEY, or run "npm run setup" to install stripe-mock');
  }
  if (mailpit) {
    out.SMTP_URL = mailpit.smtpUrl;
    log.info(`embedded Mailpit at ${mailpit.smtpUrl}: mail is kept, not delivered (log ${mailpit.logFile})`);
  }
  return { env: out, redis, mongo, s3, stripe, mailpit, stop };
}
