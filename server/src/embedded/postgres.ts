import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { postgresArgs } from "./args";
import { resolvePostgresBinDir } from "./binaries";
import { spawnManaged, waitUntilReady } from "./child";
import { onFreePort } from "./ports";
import { type EmbeddedService, serviceOf } from "./service";

const run = promisify(execFile);

/** The role initdb creates; the cluster trusts loopback connections only (it listens on 127.0.0.1). */
const SUPERUSER = "ferretdb";
/** Debian's service account: PostgreSQL refuses to run as root. */
const SERVICE_ACCOUNT = "postgres";
const READY_TIMEOUT_MS = 30_000;

/** A running PostgreSQL cluster for FerretDB. */
export interface EmbeddedPostgres extends EmbeddedService {
  /** `postgres://ferretdb@127.0.0.1:<port>/postgres` */
  readonly url: string;
  /** Where the cluster lives when `dataDir` was out of the service account's reach. */
  readonly relocatedTo?: string;
}

interface Account {
  uid: number;
  gid: number;
  home: string;
}

/**
 * Starts PostgreSQL on loopback with its cluster under `dataDir` (created with initdb on first
 * start). Run as root, the server runs as Debian's `postgres` account, which must be able to reach
 * the directory: temporary directories are opened for it, and a data directory it cannot reach
 * (one under /root) is kept in that account's home instead, under a name derived from `dataDir`.
 */
export async function startPostgres(options: {
  dataDir: string;
  durable: boolean;
  port?: number;
  env?: NodeJS.ProcessEnv;
}): Promise<EmbeddedPostgres> {
  const env = options.env ?? process.env;
  const binDir = resolvePostgresBinDir(env);
  const account = isRoot() ? serviceAccount() : undefined;
  mkdirSync(options.dataDir, { recursive: true });
  const home = account ? reachableHome(resolve(options.dataDir), account) : resolve(options.dataDir);
  const clusterDir = join(home, "cluster");
  const ids = account ? { uid: account.uid, gid: account.gid } : {};
  if (!existsSync(join(clusterDir, "PG_VERSION"))) {
    const args = ["-D", clusterDir, "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"];
    await run(join(binDir, "initdb"), args, { env, ...ids }).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`initdb failed for ${clusterDir}: ${(error.stderr || error.message).trim()}`);
    });
  }
  return onFreePort(options.port, async (port) => {
    const child = spawnManaged({
      name: "postgres",
      command: join(binDir, "postgres"),
      args: postgresArgs({ port, dataDir: clusterDir }, options.durable),
      logFile: join(options.dataDir, "postgres.log"),
      env,
      ...ids,
    });
    const ready = () =>
      run(join(binDir, "pg_isready"), ["-q", "-h", "127.0.0.1", "-p", String(port)], { env }).then(
        () => true,
        () => false,
      );
    await waitUntilReady(child, ready, READY_TIMEOUT_MS);
    return {
      ...serviceOf(child, port),
      url: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`,
      ...(home === resolve(options.dataDir) ? {} : { relocatedTo: home }),
    };
  });
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function serviceAccount(): Account {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((entry) => entry.startsWith(`${SERVICE_ACCOUNT}:`));
  const [, , uid, gid, , home] = line?.split(":") ?? [];
  if (!uid || !gid || !home) {
    throw new Error(
      `PostgreSQL cannot run as root and there is no "${SERVICE_ACCOUNT}" account: install the Debian package postgresql-15, or set FERRETDB_BACKEND=sqlite`,
    );
  }
  return { uid: Number(uid), gid: Number(gid), home };
}

/**
 * A directory the service account owns and can reach: `dir` itself when every parent lets others
 * pass (temporary directories are opened for it), otherwise one in the account's home.
 */
function reachableHome(dir: string, account: Account): string {
  const target = passable(dir)
    ? dir
    : join(account.home, "chalkline", createHash("sha256").update(dir).digest("hex").slice(0, 16));
  mkdirSync(target, { recursive: true });
  chownSync(target, account.uid, account.gid);
  if (target !== dir) chownSync(dirname(target), account.uid, account.gid);
  return target;
}

/** Whether others may traverse every parent of `dir`, opening those under the temporary directory. */
function passable(dir: string): boolean {
  const temp = resolve(tmpdir()) + sep;
  for (let parent = dirname(dir); ; parent = dirname(parent)) {
    const { mode } = statSync(parent);
    if ((mode & 0o001) === 0) {
      if (!`${parent}${sep}`.startsWith(temp)) return false;
      chmodSync(parent, mode | 0o001);
    }
    if (parent === dirname(parent)) return true;
  }
}
