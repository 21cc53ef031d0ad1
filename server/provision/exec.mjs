// Child processes for the provisioning steps, with PATH lookups that honour the augmented env.
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";

/** Absolute path of an executable found on env.PATH (or the path itself when absolute), else null. */
export function which(name, env = process.env) {
  const candidates = isAbsolute(name)
    ? [name]
    : (env.PATH || "")
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

/** Runs a command with inherited stdio; resolves with its exit code (signals map to 128+n). */
export function run(command, args, { env = process.env, cwd } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolvePromise(code ?? signalExitCode(signal)));
  });
}

/** Runs a command quietly; returns trimmed stdout on success, null on any failure. */
export function capture(command, args, { env = process.env, cwd, timeoutMs = 60_000 } = {}) {
  if (!isAbsolute(command) && !which(command, env)) return null;
  const result = spawnSync(command, args, { env, cwd, encoding: "utf8", timeout: timeoutMs });
  if (result.error || result.status !== 0) return null;
  return result.stdout.trim();
}

/** True when the binary exists and `<bin> <args>` exits 0 (a smoke test that it runs here). */
export function runsOk(bin, args, env = process.env) {
  return existsSync(bin) && capture(bin, args, { env, timeoutMs: 15_000 }) !== null;
}

const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

/** Shell convention for a child killed by a signal. */
export function signalExitCode(signal) {
  return 128 + (SIGNAL_NUMBERS[signal] ?? 1);
}
