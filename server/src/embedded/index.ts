/**
 * Embedded services: MongoDB-compatible, Redis and S3 servers started as child processes on free
 * loopback ports, for `npm start` with nothing configured and for the test suites.
 * The binaries are provisioned by server/provision (`npm run setup`).
 */
export { ferretdbArgs, mongodArgs, redisArgs, versitygwArgs } from "./args";
export { goBinDir, type MongoEngine, resolveMongoBinary, resolveRedisBinary, resolveVersitygwBinary } from "./binaries";
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
