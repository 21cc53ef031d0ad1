// MongoDB for the embedded services: a real mongod from mongodb-memory-server when it can be
// downloaded, otherwise FerretDB (see ferretdb.mjs) on PostgreSQL (postgres.mjs) or SQLite.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureFerretDb } from "./ferretdb.mjs";
import { done, fail, step } from "./log.mjs";
import { cacheDir, mtimeMs, ROOT } from "./paths.mjs";
import { ensurePostgres } from "./postgres.mjs";

const PROBE_TIMEOUT_MS = 20_000;
const NEGATIVE_CACHE_MS = 24 * 60 * 60 * 1000;

/** Exports MONGOD_BIN or FERRETDB_BIN unless MONGODB_URL points at a server already. */
export async function ensureMongo({ env }) {
  if (env.MONGODB_URL) {
    done("MongoDB: using MONGODB_URL");
    return;
  }
  if (env.MONGOD_BIN) {
    if (!existsSync(env.MONGOD_BIN)) fail(`MONGOD_BIN=${env.MONGOD_BIN} does not exist`);
    done(`MongoDB: mongod at ${env.MONGOD_BIN}`);
    return;
  }
  const mongod = findMemoryServerMongod(env);
  if (mongod) {
    env.MONGOD_BIN = mongod;
    done(`MongoDB: mongod at ${mongod}`);
    return;
  }
  await ensureFerretDb({ env });
  await ensurePostgres({ env });
}

/**
 * Asks mongodb-memory-server for its mongod (downloading it once). Offline this fails after a few
 * seconds; the failure is remembered for a day so that later runs go straight to FerretDB.
 */
function findMemoryServerMongod(env) {
  const negative = join(cacheDir(env), "mongodb-memory-server.unavailable");
  if (Date.now() - mtimeMs(negative) < NEGATIVE_CACHE_MS) return null;
  step("looking for mongod via mongodb-memory-server (downloads it once)…");
  // A child process, so an unfinished download cannot keep this process alive after the timeout.
  const script =
    "import('mongodb-memory-server-core').then((m) => m.MongoBinary.getPath())" +
    ".then((p) => { process.stdout.write(String(p ?? '')); process.exit(p ? 0 : 1); }," +
    " (e) => { process.stderr.write(String(e?.message ?? e)); process.exit(1); });";
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: join(ROOT, "server"),
    env,
    encoding: "utf8",
    timeout: PROBE_TIMEOUT_MS,
  });
  const path = result.status === 0 ? result.stdout.trim() : "";
  if (path && existsSync(path)) {
    rmSync(negative, { force: true });
    return path;
  }
  const reason = (result.error?.message || result.stderr || "no binary").replace(/\s+/g, " ").trim().slice(0, 160);
  step(`mongodb-memory-server has no mongod (${reason}); falling back to FerretDB`);
  mkdirSync(cacheDir(env), { recursive: true });
  writeFileSync(negative, `${new Date().toISOString()} ${reason}\n`);
  return null;
}
