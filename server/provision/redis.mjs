// Redis for the embedded services: the Debian redis-server binary, started later on a free port.
import { aptInstall } from "./apt.mjs";
import { which } from "./exec.mjs";
import { done, fail, step } from "./log.mjs";

/** Makes sure redis-server exists unless REDIS_URL points elsewhere; exports REDIS_SERVER_BIN. */
export async function ensureRedis({ env }) {
  if (env.REDIS_URL) {
    done("Redis: using REDIS_URL");
    return;
  }
  if (env.REDIS_SERVER_BIN) {
    if (!which(env.REDIS_SERVER_BIN, env)) fail(`REDIS_SERVER_BIN=${env.REDIS_SERVER_BIN} is not an executable`);
    done(`Redis: ${env.REDIS_SERVER_BIN}`);
    return;
  }
  let bin = which("redis-server", env);
  if (!bin) {
    step("redis-server not found on PATH");
    await aptInstall(["redis-server"], "set REDIS_SERVER_BIN or REDIS_URL", env);
    bin = which("redis-server", env) ?? fail("redis-server is still missing after apt-get install");
  }
  env.REDIS_SERVER_BIN = bin;
  done(`Redis: ${bin}`);
}
