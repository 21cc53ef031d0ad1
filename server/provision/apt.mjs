// Debian packages: installed with apt-get when running as root, otherwise one line saying what to run.

import { run, which } from "./exec.mjs";
import { detail, fail, step } from "./log.mjs";

let updated = false;

/**
 * Installs Debian packages, or fails with the exact command to run.
 * @param {string[]} packages Debian package names
 * @param {string} alternative what else the user may do instead, e.g. "set REDIS_URL"
 */
export async function aptInstall(packages, alternative, env = process.env) {
  const list = packages.join(" ");
  const root = typeof process.getuid !== "function" || process.getuid() === 0;
  const or = alternative ? `, or ${alternative}` : "";
  const command = `${root ? "" : "sudo "}apt-get install -y ${list}`;
  if (!which("apt-get", env)) {
    fail(`${list} not found and apt-get is unavailable: install ${list} with the system's package manager${or}`);
  }
  if (!root) fail(`${list} not found and not running as root: run "${command}"${or}`);
  step(`installing ${list} (Debian package${packages.length > 1 ? "s" : ""})…`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: "noninteractive" };
  // One index refresh per run is enough; a fresh container has no package lists at all.
  if (!updated) {
    detail("apt-get update");
    if ((await run("apt-get", ["update", "-qq"], { env: aptEnv })) !== 0) {
      fail(`"apt-get update" failed: check the network, then run "${command}"${or}`);
    }
    updated = true;
  }
  const code = await run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], {
    env: aptEnv,
  });
  if (code !== 0) fail(`"${command}" failed (exit ${code}); see the output above${or}`);
}
