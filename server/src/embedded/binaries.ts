import { accessSync, constants, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, isAbsolute, join } from "node:path";

const SETUP_HINT = 'run "npm run setup"';

/** Path of an executable: `name` itself when absolute, else the first match on PATH or in `extraDirs`. */
export function findExecutable(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  extraDirs: string[] = [],
): string | undefined {
  const dirs = [...(env.PATH ?? "").split(delimiter), ...extraDirs].filter(Boolean);
  const candidates = isAbsolute(name) ? [name] : dirs.map((dir) => join(dir, name));
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Where `go install` puts binaries when GOBIN is unset: `$GOPATH/bin`, by default `~/go/bin`. */
export function goBinDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GOBIN) return env.GOBIN;
  const gopath = env.GOPATH?.split(delimiter)[0] || join(homedir(), "go");
  return join(gopath, "bin");
}

/** redis-server from REDIS_SERVER_BIN or PATH. */
export function resolveRedisBinary(env: NodeJS.ProcessEnv = process.env): string {
  const bin = findExecutable(env.REDIS_SERVER_BIN || "redis-server", env);
  if (!bin) {
    throw new Error(
      `redis-server not found: install the Debian package redis-server, set REDIS_SERVER_BIN, or ${SETUP_HINT}`,
    );
  }
  return bin;
}

/** Which MongoDB-compatible server to run. */
export type MongoEngine = "mongod" | "ferretdb";

/** mongod from MONGOD_BIN when set; otherwise FerretDB from FERRETDB_BIN, PATH or GOPATH/bin. */
export function resolveMongoBinary(env: NodeJS.ProcessEnv = process.env): { engine: MongoEngine; bin: string } {
  if (env.MONGOD_BIN) {
    const bin = findExecutable(env.MONGOD_BIN, env);
    if (!bin) throw new Error(`MONGOD_BIN=${env.MONGOD_BIN} is not an executable`);
    return { engine: "mongod", bin };
  }
  const bin = findExecutable(env.FERRETDB_BIN || "ferretdb", env, [goBinDir(env)]);
  if (!bin) {
    throw new Error(
      `no MongoDB-compatible server found: set MONGODB_URL, MONGOD_BIN or FERRETDB_BIN, or ${SETUP_HINT}`,
    );
  }
  return { engine: "ferretdb", bin };
}

/** FerretDB's storage; PostgreSQL unless FERRETDB_BACKEND says `sqlite` (see the growth benchmark). */
export type FerretBackend = "postgresql" | "sqlite";

export function ferretBackend(env: NodeJS.ProcessEnv = process.env): FerretBackend {
  const backend = env.FERRETDB_BACKEND || "postgresql";
  if (backend !== "postgresql" && backend !== "sqlite") {
    throw new Error(`FERRETDB_BACKEND=${backend} is not supported: use postgresql or sqlite`);
  }
  return backend;
}

const DEBIAN_POSTGRES_ROOT = "/usr/lib/postgresql";

/**
 * The directory holding `postgres` and `initdb`: POSTGRES_BIN_DIR, or the newest Debian
 * `/usr/lib/postgresql/<major>/bin` (Debian keeps them off PATH).
 */
export function resolvePostgresBinDir(env: NodeJS.ProcessEnv = process.env): string {
  const hasBoth = (dir: string) => ["postgres", "initdb"].every((name) => findExecutable(join(dir, name), env));
  if (env.POSTGRES_BIN_DIR) {
    if (!hasBoth(env.POSTGRES_BIN_DIR))
      throw new Error(`POSTGRES_BIN_DIR=${env.POSTGRES_BIN_DIR} lacks postgres or initdb`);
    return env.POSTGRES_BIN_DIR;
  }
  let majors: string[] = [];
  try {
    majors = readdirSync(DEBIAN_POSTGRES_ROOT).filter((name) => /^\d+$/.test(name));
  } catch {
    // not installed
  }
  const newest = majors
    .sort((a, b) => Number(b) - Number(a))
    .map((major) => join(DEBIAN_POSTGRES_ROOT, major, "bin"))
    .find(hasBoth);
  if (!newest) {
    throw new Error(
      `PostgreSQL not found for FerretDB: install the Debian package postgresql-15, set POSTGRES_BIN_DIR, set FERRETDB_BACKEND=sqlite, or ${SETUP_HINT}`,
    );
  }
  return newest;
}

/** versitygw from VERSITYGW_BIN, PATH or GOPATH/bin. */
export function resolveVersitygwBinary(env: NodeJS.ProcessEnv = process.env): string {
  const bin = findExecutable(env.VERSITYGW_BIN || "versitygw", env, [goBinDir(env)]);
  if (!bin) throw new Error(`versitygw not found: set S3_ENDPOINT or VERSITYGW_BIN, or ${SETUP_HINT}`);
  return bin;
}

/** stripe-mock from STRIPE_MOCK_BIN, PATH or GOPATH/bin; undefined when it is not installed (card payments are then off). */
export function findStripeMockBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return findExecutable(env.STRIPE_MOCK_BIN || "stripe-mock", env, [goBinDir(env)]);
}
