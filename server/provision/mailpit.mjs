// Mailpit for the embedded services: an SMTP server that keeps the app's mail (sign-up links) and shows
// it in a web UI, for `npm start` and the tests when SMTP_URL names no relay.
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { capture, run } from "./exec.mjs";
import { goBinDir, requireGo } from "./go.mjs";
import { detail, done, fail, step } from "./log.mjs";
import { cacheDir, makeWritable } from "./paths.mjs";

const MODULE = "github.com/axllent/mailpit";
const VERSION = "v1.33.1";
/** What building the mailbox UI needs beyond Mailpit's own dependencies; its lint and test tools are left out. */
const UI_BUILD_TOOLS = ["esbuild", "esbuild-plugin-vue-next", "esbuild-sass-plugin", "@vue/compiler-sfc"];

/** The version a binary reports (`<path> v1.33.1 compiled with …`), without asking GitHub for newer ones. */
function versionOf(bin, env) {
  const out = capture(bin, ["version", "--no-release-check"], { env, timeoutMs: 15_000 });
  return out?.split(" ")[1] ?? null;
}

/** Exports MAILPIT_BIN unless SMTP_URL points the app's mail at a relay. */
export async function ensureMailpit({ env }) {
  if (env.SMTP_URL) {
    done("Mail: using SMTP_URL");
    return;
  }
  if (env.MAILPIT_BIN) {
    if (versionOf(env.MAILPIT_BIN, env) === null) fail(`MAILPIT_BIN=${env.MAILPIT_BIN} does not run`);
    done(`Mail: Mailpit at ${env.MAILPIT_BIN}`);
    return;
  }
  const target = join(goBinDir(env), "mailpit");
  if (versionOf(target, env) !== VERSION) await buildMailpit(target, env);
  env.MAILPIT_BIN = target;
  done(`Mail: Mailpit ${VERSION} at ${target}`);
}

/**
 * `go install` would give a binary without its web UI, which Mailpit's release tooling builds with
 * npm before compiling it in; so the module is copied, its UI built, then the binary, stamped with
 * its version as the releases are.
 */
async function buildMailpit(target, env) {
  requireGo("Mailpit (the local mail catcher)", "set SMTP_URL or MAILPIT_BIN", env);
  step(`building Mailpit ${VERSION} (go mod download, its web UI, go build: a few minutes)…`);
  const goEnv = { ...env, GOWORK: "off" };
  const json = capture("go", ["mod", "download", "-json", `${MODULE}@${VERSION}`], { env: goEnv, timeoutMs: 600_000 });
  const moduleDir = json ? JSON.parse(json).Dir : null;
  if (!moduleDir) fail(`"go mod download ${MODULE}@${VERSION}" failed: check that the Go module proxy is reachable`);

  const work = join(cacheDir(env), `mailpit-${VERSION}-src`);
  rmSync(work, { recursive: true, force: true });
  cpSync(moduleDir, work, { recursive: true });
  makeWritable(work);
  await buildWebUi(work, env);

  mkdirSync(join(target, ".."), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  detail(`go build in ${work}`);
  const ldflags = `-ldflags=-s -w -X ${MODULE}/config.Version=${VERSION}`;
  const code = await run("go", ["build", "-trimpath", ldflags, "-o", partial, "."], { env: goEnv, cwd: work });
  rmSync(work, { recursive: true, force: true });
  if (code !== 0 || versionOf(partial, env) !== VERSION) {
    rmSync(partial, { force: true });
    fail(`building Mailpit failed (exit ${code}); set SMTP_URL to use an existing mail relay instead`);
  }
  renameSync(partial, target);
}

/**
 * Builds the mailbox UI into server/ui/dist, where go build embeds it. Only the mailbox is built: the
 * API docs page and its viewer (rapidoc) are left out. Versions come from package.json's ranges, not
 * its lockfile, so a registry that lacks one pinned version still serves a build. Best effort: without
 * the UI, mail is still caught and readable through Mailpit's API.
 */
async function buildWebUi(work, env) {
  const pkgFile = join(work, "package.json");
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
  delete pkg.dependencies.rapidoc;
  pkg.devDependencies = Object.fromEntries(UI_BUILD_TOOLS.map((name) => [name, pkg.devDependencies[name]]));
  delete pkg.overrides;
  writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
  rmSync(join(work, "package-lock.json"), { force: true });
  const configFile = join(work, "esbuild.config.mjs");
  const config = readFileSync(configFile, "utf8");
  const mailboxOnly = config.replace(', "server/ui-src/docs.js"', "");
  writeFileSync(configFile, mailboxOnly);

  detail("building Mailpit's web UI (npm install + esbuild)");
  // Under `npm run setup` the environment carries the project's npm settings (its prefix among them):
  // they are dropped so that this install lands in `work` and nowhere else.
  const npmEnv = Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_(config|package)_/i.test(key)));
  const npmArgs = ["install", "--prefix", work, "--no-audit", "--no-fund", "--no-package-lock", "--ignore-scripts"];
  let code =
    mailboxOnly === config ? -1 : await run("npm", [...npmArgs, "--loglevel=error"], { env: npmEnv, cwd: work });
  if (code === 0)
    code = await run(process.execPath, ["esbuild.config.mjs"], { env: { ...env, MINIFY: "true" }, cwd: work });
  if (code !== 0) detail("Mailpit's web UI could not be built: mail is still caught, and readable through its API");
}
