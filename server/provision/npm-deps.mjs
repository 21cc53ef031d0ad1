// npm dependencies: installed when node_modules is missing or older than the manifests.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "./exec.mjs";
import { done, fail, step } from "./log.mjs";
import { mtimeMs, ROOT } from "./paths.mjs";

const MARKER = join(ROOT, "node_modules", ".chalkline-installed");
// npm's own record of the last install, so a plain `npm ci` / `npm install` also counts.
const NPM_RECORD = join(ROOT, "node_modules", ".package-lock.json");

/** Manifests whose change requires a new install: the root and every workspace package.json. */
function manifests() {
  const root = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const workspaces = (root.workspaces ?? []).map((dir) => join(ROOT, dir, "package.json"));
  return [join(ROOT, "package.json"), join(ROOT, "package-lock.json"), ...workspaces].filter(existsSync);
}

/** Runs `npm install` when needed, then stamps node_modules. */
export async function ensureNpmDeps({ env }) {
  const markerTime = Math.max(mtimeMs(MARKER), mtimeMs(NPM_RECORD));
  const stale = !existsSync(join(ROOT, "node_modules")) || manifests().some((m) => mtimeMs(m) > markerTime);
  if (!stale) {
    done("npm dependencies are installed");
    return;
  }
  step("installing npm dependencies (npm install)…");
  const code = await run("npm", ["install", "--no-audit", "--no-fund"], { env, cwd: ROOT });
  if (code !== 0) fail(`"npm install" failed (exit ${code}); fix the error above and run it again`);
  writeFileSync(MARKER, `${new Date().toISOString()}\n`);
}
