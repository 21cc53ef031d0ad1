// PostgreSQL for FerretDB's default backend: the Debian server package, started later on a free port.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { aptInstall } from "./apt.mjs";
import { done, fail } from "./log.mjs";

const DEBIAN_ROOT = "/usr/lib/postgresql";
const PACKAGE = "postgresql-15";

/**
 * Makes sure `postgres` and `initdb` exist when FerretDB will run on PostgreSQL (FERRETDB_BACKEND
 * unset or `postgresql`); exports POSTGRES_BIN_DIR.
 */
export async function ensurePostgres({ env }) {
  if ((env.FERRETDB_BACKEND || "postgresql") !== "postgresql") return;
  if (env.POSTGRES_BIN_DIR) {
    if (!hasServer(env.POSTGRES_BIN_DIR)) fail(`POSTGRES_BIN_DIR=${env.POSTGRES_BIN_DIR} lacks postgres or initdb`);
    done(`PostgreSQL for FerretDB: ${env.POSTGRES_BIN_DIR}`);
    return;
  }
  let dir = newestServer();
  if (!dir) {
    await aptInstall([PACKAGE], "set POSTGRES_BIN_DIR, or FERRETDB_BACKEND=sqlite", env);
    dir = newestServer() ?? fail(`${PACKAGE} is still missing after apt-get install`);
  }
  env.POSTGRES_BIN_DIR = dir;
  done(`PostgreSQL for FerretDB: ${dir}`);
}

function hasServer(dir) {
  return existsSync(join(dir, "postgres")) && existsSync(join(dir, "initdb"));
}

function newestServer() {
  if (!existsSync(DEBIAN_ROOT)) return null;
  return (
    readdirSync(DEBIAN_ROOT)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a))
      .map((major) => join(DEBIAN_ROOT, major, "bin"))
      .find(hasServer) ?? null
  );
}
