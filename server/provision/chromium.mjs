// Chromium for the end-to-end tests (driven by playwright-core).
import { aptInstall } from "./apt.mjs";
import { which } from "./exec.mjs";
import { done, fail } from "./log.mjs";

/** Exports CHROMIUM_PATH: the configured one, Debian's /usr/bin/chromium, or a fresh apt install. */
export async function ensureChromium({ env }) {
  if (env.CHROMIUM_PATH) {
    if (!which(env.CHROMIUM_PATH, env)) fail(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable`);
    done(`Chromium: ${env.CHROMIUM_PATH}`);
    return;
  }
  let bin = which("/usr/bin/chromium", env) ?? which("chromium", env);
  if (!bin) {
    await aptInstall(["chromium"], "set CHROMIUM_PATH", env);
    bin = which("/usr/bin/chromium", env) ?? fail("chromium is still missing after apt-get install");
  }
  env.CHROMIUM_PATH = bin;
  done(`Chromium: ${bin}`);
}
