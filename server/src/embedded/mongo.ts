import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type FerretStorage, ferretdbArgs, mongodArgs } from "./args";
import { ferretBackend, type MongoEngine, resolveMongoBinary } from "./binaries";
import { spawnManaged, waitUntilReady } from "./child";
import { onFreePort } from "./ports";
import { type EmbeddedPostgres, startPostgres } from "./postgres";
import { mongoPing } from "./probes";
import { type EmbeddedService, serviceOf } from "./service";

// mongod may preallocate and FerretDB may build its catalog on first start.
const MONGO_READY_TIMEOUT_MS = 60_000;

/** A running MongoDB-compatible server. */
export interface EmbeddedMongo extends EmbeddedService {
  /** `mongodb://127.0.0.1:<port>/`; callers add the database name. */
  readonly url: string;
  readonly engine: MongoEngine;
  /** What it runs on, for logs: `mongod`, `FerretDB on PostgreSQL`, `FerretDB on SQLite`. */
  readonly description: string;
  /** FerretDB's PostgreSQL cluster, when that is its backend. */
  readonly postgres?: EmbeddedPostgres;
}

/** The data directory name of the configured engine; engines' files are not interchangeable. */
export function mongoDataDirName(env: NodeJS.ProcessEnv = process.env): string {
  const { engine } = resolveMongoBinary(env);
  return engine === "mongod" ? "mongod" : `ferretdb-${ferretBackend(env)}`;
}

/**
 * Starts mongod (MONGOD_BIN) or else FerretDB (FERRETDB_BIN, PATH or GOPATH/bin) on PostgreSQL or
 * SQLite (FERRETDB_BACKEND) on loopback with its data in `dataDir`. `durable: false` is for
 * throwaway data: PostgreSQL then skips the flushes that only matter if the machine crashes.
 */
export async function startMongo(options: {
  dataDir: string;
  port?: number;
  durable?: boolean;
  env?: NodeJS.ProcessEnv;
}): Promise<EmbeddedMongo> {
  const env = options.env ?? process.env;
  const { engine, bin } = resolveMongoBinary(env);
  mkdirSync(options.dataDir, { recursive: true });
  const postgres =
    engine === "ferretdb" && ferretBackend(env) === "postgresql"
      ? await startPostgres({ dataDir: join(options.dataDir, "postgres"), durable: options.durable ?? true, env })
      : undefined;
  const storage: FerretStorage = postgres ? { backend: "postgresql", url: postgres.url } : { backend: "sqlite" };
  try {
    return await onFreePort(options.port, async (port) => {
      const location = { port, dataDir: options.dataDir };
      const child = spawnManaged({
        name: engine,
        command: bin,
        args: engine === "mongod" ? mongodArgs(location) : ferretdbArgs(location, storage),
        logFile: join(options.dataDir, `${engine}.log`),
        env,
      });
      await waitUntilReady(child, () => mongoPing(port), MONGO_READY_TIMEOUT_MS);
      const service = serviceOf(child, port);
      return {
        ...service,
        url: `mongodb://127.0.0.1:${port}/`,
        engine,
        description: engine === "mongod" ? "mongod" : `FerretDB on ${postgres ? "PostgreSQL" : "SQLite"}`,
        ...(postgres ? { postgres } : {}),
        // FerretDB first, so it does not see its backend vanish mid-request.
        stop: async () => {
          await service.stop();
          await postgres?.stop();
        },
      };
    });
  } catch (error) {
    await postgres?.stop();
    throw error;
  }
}
