/**
 * Embedded services: MongoDB-compatible, Redis, S3 and Stripe (stripe-mock) servers started as child processes on free
 * loopback ports, for `npm start` with nothing configured and for the test suites.
 * The binaries are provisioned by server/provision (`npm run setup`).
 */
export { ferretdbArgs, mongodArgs, redisArgs, stripeMockArgs, versitygwArgs } from "./args";
export {
  findStripeMockBinary,
  goBinDir,
  type MongoEngine,
  resolveMongoBinary,
  resolveRedisBinary,
  resolveVersitygwBinary,
} from "./binaries";
export { type EmbeddedMongo, startMongo } from "./mongo";
export { freePort } from "./ports";
export { mongoPing, redisPing } from "./probes";
export { type EmbeddedRedis, startRedis } from "./redis";
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
