/**
 * Embedded services: MongoDB-compatible, Redis, S3, Stripe (stripe-mock) and SMTP (Mailpit) servers started as child processes on free
 * loopback ports, for `npm start` with nothing configured and for the test suites.
 * The binaries are provisioned by server/provision (`npm run setup`).
 */
export {
  type FerretStorage,
  ferretdbArgs,
  mongodArgs,
  postgresArgs,
  redisArgs,
  stripeMockArgs,
  versitygwArgs,
} from "./args";
export {
  type FerretBackend,
  ferretBackend,
  findStripeMockBinary,
  goBinDir,
  type MongoEngine,
  resolveMongoBinary,
  resolvePostgresBinDir,
  resolveRedisBinary,
  resolveVersitygwBinary,
} from "./binaries";
export { type EmbeddedMailpit, mailpitArgs, resolveMailpitBinary, startMailpit } from "./mailpit";
export { type EmbeddedMongo, mongoDataDirName, startMongo } from "./mongo";
export { freePort } from "./ports";
export { type EmbeddedPostgres, startPostgres } from "./postgres";
export { mongoPing, redisPing, smtpGreets } from "./probes";
export { type EmbeddedRedis, startRedis } from "./redis";
export { type EmbeddedRedisCluster, startRedisCluster } from "./redis-cluster";
export { type EmbeddedS3, generateS3Keys, loadOrCreateS3Keys, type S3Keys, startS3 } from "./s3";
export type { EmbeddedService } from "./service";
export {
  DEFAULT_BUCKET,
  type EmbeddedEnv,
  type EmbeddedLogger,
  type EmbeddedServices,
  startEmbeddedServices,
} from "./services";
export { type EmbeddedStripeMock, STRIPE_MOCK_SECRET_KEY, startStripeMock } from "./stripe";
