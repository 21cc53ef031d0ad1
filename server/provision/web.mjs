// The SvelteKit app is served by the server from web/build; rebuild it when its sources changed.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "./exec.mjs";
import { done, fail, step } from "./log.mjs";
import { mtimeMs, newestMtimeMs, ROOT } from "./paths.mjs";

const INPUTS = [
  "web/src",
  "web/static",
  "web/svelte.config.js",
  "web/vite.config.ts",
  "web/package.json",
  "shared/src",
];

/** Runs `npm run build -w web` when web/build/handler.js is missing or older than its inputs. */
export async function ensureWebBuild({ env }) {
  const manifest = join(ROOT, "web", "package.json");
  const scripts = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, "utf8")).scripts ?? {}) : {};
  if (!scripts.build) {
    done("web: no build script yet, skipped");
    return;
  }
  const built = mtimeMs(join(ROOT, "web", "build", "handler.js"));
  const newestInput = Math.max(...INPUTS.map((input) => newestMtimeMs(join(ROOT, input))));
  if (built > 0 && built >= newestInput) {
    done("web: build is up to date");
    return;
  }
  step("building the web app (npm run build -w web)…");
  const code = await run("npm", ["run", "build", "-w", "web"], { env, cwd: ROOT });
  if (code !== 0) fail(`"npm run build -w web" failed (exit ${code}); see the errors above`);
}
