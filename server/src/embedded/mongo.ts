import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ferretdbArgs, mongodArgs } from "./args";
import { type MongoEngine, resolveMongoBinary } from "./binaries";
import { spawnManaged, waitUntilReady } from "./child";
import { onFreePort } from "./ports";
import { mongoPing } from "./probes";
import { type EmbeddedService, serviceOf } from "./service";

// mongod may preallocate and FerretDB may build its SQLite catalog on first start.
const MONGO_READY_TIMEOUT_MS = 60_000;

/** A running MongoDB-compatible server. */
export interface EmbeddedMongo extends EmbeddedService {
  /** `mongodb://127.0.0.1:<port>/`; callers add the database name. */
  readonly url: string;
  readonly engine: MongoEngine;
}

/**
 * Starts mongod (MONGOD_BIN) or else FerretDB on SQLite (FERRETDB_BIN, PATH or GOPATH/bin) on
 * loopback with its data in `dataDir`. The two engines' files are not interchangeable, so give
 * each its own directory (startEmbeddedServices does).
 */
export async function startMongo(options: {
  dataDir: string;
  port?: number;
  env?: NodeJS.ProcessEnv;
}): Promise<EmbeddedMongo> {
  const env = options.env ?? process.env;
  const { engine, bin } = resolveMongoBinary(env);
  mkdirSync(options.dataDir, { recursive: true });
  return onFreePort(options.port, async (port) => {
    const location = { port, dataDir: options.dataDir };
    const child = spawnManaged({
      name: engine,
      command: bin,
      args: engine === "mongod" ? mongodArgs(location) : ferretdbArgs(location),
      logFile: join(options.dataDir, `${engine}.log`),
      env,
    });
    await waitUntilReady(child, () => mongoPing(port), MONGO_READY_TIMEOUT_MS);
    return { ...serviceOf(child, port), url: `mongodb://127.0.0.1:${port}/`, engine };
  });
}
