import { accessSync, constants } from "node:fs";
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
