import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadMediaConfig, startMediaNode } from "@chalkline/media";
import { removeRunningInstall, writeRunningInstall } from "./backup/install";
import { startEmbeddedServices } from "./embedded";
import { createLogger, createServerNode, loadConfigOrExit } from "./index";
import { installDataDir } from "./platform/config";
import { runUntilSignalled } from "./platform/lifecycle";
import { guardProcess } from "./platform/process-guard";
import { DEMO_PASSWORD, DEMO_USERS } from "./seed/demo";

/**
 * `npm start`: the whole product (server, media workers, web app) in one process on one port. Every store the environment does not
 * configure is started embedded with its data under DATA_DIR (default `.data/`), demo accounts are
 * seeded into an empty database, and Ctrl-C stops everything while keeping the data.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const dataDir = installDataDir(ROOT);
mkdirSync(dataDir, { recursive: true });

const say = (line: string) => console.log(`  ${line}`);
const embedded = await startEmbeddedServices({ dataDir, log: { info: say } });
const config = loadConfigOrExit({
  ...process.env,
  ...embedded.env,
  JWT_SECRET: process.env.JWT_SECRET ?? persistentSecret(join(dataDir, "jwt-secret")),
  SEED_DEMO: process.env.SEED_DEMO ?? "true",
});
const logger = createLogger({ level: config.LOG_LEVEL, serverId: config.SERVER_ID });
guardProcess(logger);

// The media node runs in this process, on the same Redis and key prefix as the server.
const mediaConfig = loadMediaConfig({
  ...process.env,
  REDIS_URL: config.REDIS_URL,
  REDIS_KEY_PREFIX: config.REDIS_KEY_PREFIX,
});
const media = await startMediaNode(mediaConfig, logger).catch(async (error: unknown) => {
  await embedded.stop();
  throw error;
});
say(
  `${media.pool.workers.length} mediasoup worker(s) ready (RTC ports ${mediaConfig.rtcMinPort}-${mediaConfig.rtcMaxPort})`,
);
const node = await createServerNode(config, logger).catch(async (error: unknown) => {
  await media.close();
  await embedded.stop();
  throw error;
});
const port = await node.listen();
// `npm run backup` finds the stores' ports here.
writeRunningInstall(dataDir, {
  pid: process.pid,
  mongoUrl: config.MONGODB_URL,
  database: config.MONGODB_DB,
  redisUrl: config.REDIS_URL,
  ...(config.S3_ENDPOINT && config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
    ? {
        s3: {
          endpoint: config.S3_ENDPOINT,
          region: config.S3_REGION,
          bucket: config.S3_BUCKET,
          accessKeyId: config.S3_ACCESS_KEY_ID,
          secretAccessKey: config.S3_SECRET_ACCESS_KEY,
        },
      }
    : {}),
});
const url = config.PORT === port ? config.PUBLIC_URL : `http://localhost:${port}`;

console.log(`\n  Chalkline is running at ${url}\n`);
console.log(`  Demo logins (password "${DEMO_PASSWORD}"):`);
for (const user of DEMO_USERS) console.log(`    ${user.role.padEnd(10)} ${user.email}`);
if (embedded.mailpit) {
  console.log(`\n  Mail inbox (nothing is delivered; sign-up links arrive here): ${embedded.mailpit.url}`);
}
console.log(`\n  Data is kept in ${dataDir}. Press Ctrl-C to stop.\n`);

runUntilSignalled(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
  await node.close();
  await media.close();
  await embedded.stop();
  removeRunningInstall(dataDir);
});

/** A signing secret kept beside the data, so sessions survive a restart of `npm start`. */
function persistentSecret(file: string): string {
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}
