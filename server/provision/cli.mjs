#!/usr/bin/env node
// Entry point of `npm start`, `npm test`, `npm run bench` and `npm run setup`.
// Plain Node with built-ins only: it runs before node_modules exists and installs it.
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ensureChromium } from "./chromium.mjs";
import { run, signalExitCode } from "./exec.mjs";
import { addGoBinToPath } from "./go.mjs";
import { ProvisionError, step } from "./log.mjs";
import { ensureMailpit } from "./mailpit.mjs";
import { ensureMediasoupWorker } from "./mediasoup.mjs";
import { ensureMongo } from "./mongo.mjs";
import { ensureNpmDeps } from "./npm-deps.mjs";
import { ROOT } from "./paths.mjs";
import { ensureRedis } from "./redis.mjs";
import { ensureS3 } from "./s3.mjs";
import { ensureStripeMock } from "./stripe.mjs";
import { ensureWebBuild } from "./web.mjs";

// Set once SIGINT/SIGTERM has been passed to a child, so no further child is started.
let interrupted = false;

const SERVICES = [
  ensureNpmDeps,
  ensureRedis,
  ensureMongo,
  ensureS3,
  ensureStripeMock,
  ensureMailpit,
  ensureMediasoupWorker,
];

/** Which provisioning steps each command needs, then what it runs. */
const COMMANDS = {
  setup: { steps: [...SERVICES, ensureChromium, ensureWebBuild], run: async () => 0 },
  start: { steps: [...SERVICES, ensureWebBuild], run: start },
  test: { steps: [...SERVICES, ensureChromium, ensureWebBuild], run: test },
  bench: { steps: SERVICES, run: bench },
  // A backup talks to the running install's stores; a restore starts them on the new directory.
  backup: { steps: [ensureNpmDeps], run: (ctx) => tsx("backup.cli.ts", ctx) },
  restore: { steps: [ensureNpmDeps, ensureRedis, ensureMongo, ensureS3], run: (ctx) => tsx("restore.cli.ts", ctx) },
};

function tsx(file, ctx) {
  return forward(process.execPath, ["--import", "tsx", join(ROOT, "server", "src", "backup", file), ...ctx.args], ctx);
}

async function start(ctx) {
  step("starting chalkline (server/src/standalone.ts)…");
  return forward(process.execPath, ["--import", "tsx", join(ROOT, "server", "src", "standalone.ts")], ctx);
}

async function test(ctx) {
  step("type-checking (tsc -b)…");
  const tsc = await run(bin("tsc"), ["-b"], { env: ctx.env, cwd: ROOT });
  if (tsc !== 0) {
    console.error("✗ type errors: fix them before the tests run");
    return tsc;
  }
  step("linting (biome ci)…");
  const lint = await run(bin("biome"), ["ci", "."], { env: ctx.env, cwd: ROOT });
  if (lint !== 0) {
    console.error("✗ lint or format errors: `npm run format` fixes formatting");
    return lint;
  }
  // The integration suite runs again on a three-master Redis Cluster unless TEST_REDIS_CLUSTER=0.
  const env = { ...ctx.env, TEST_REDIS_CLUSTER: ctx.env.TEST_REDIS_CLUSTER === "0" ? "0" : "1" };
  const where = env.TEST_REDIS_CLUSTER === "1" ? ", integration also on a Redis Cluster" : "";
  step(`running the tests (vitest run${ctx.args.length ? ` ${ctx.args.join(" ")}` : ""}${where})…`);
  return forward(bin("vitest"), ["run", "--config", "tests/vitest.config.ts", ...ctx.args], { env });
}

async function bench(ctx) {
  const dir = join(ROOT, "tests", "bench");
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".bench.ts"))
        .sort()
    : [];
  if (files.length === 0) {
    step("no benchmarks in tests/bench/*.bench.ts yet");
    return 0;
  }
  let failed = 0;
  for (const file of files) {
    if (interrupted) break;
    step(`benchmark ${file}…`);
    const code = await forward(process.execPath, ["--import", "tsx", join(dir, file), ...ctx.args], ctx);
    if (code !== 0) {
      console.error(`✗ ${file} exited with ${code}`);
      failed = code;
    }
  }
  return failed;
}

function bin(name) {
  return join(ROOT, "node_modules", ".bin", name);
}

/**
 * Runs a child with inherited stdio and passes SIGINT/SIGTERM on to it, so it can shut down
 * cleanly; resolves with its exit code once it has exited.
 */
function forward(command, args, { env }) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, cwd: ROOT, stdio: "inherit" });
    const relay = (signal) => {
      interrupted = true;
      child.kill(signal);
    };
    process.on("SIGINT", relay);
    process.on("SIGTERM", relay);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", relay);
      process.off("SIGTERM", relay);
      resolvePromise(code ?? signalExitCode(signal));
    });
  });
}

async function main() {
  const [name, ...args] = process.argv.slice(2);
  const command = COMMANDS[name];
  if (!command) {
    console.error(`usage: node server/provision/cli.mjs <${Object.keys(COMMANDS).join("|")}> [args…]`);
    return 2;
  }
  const env = { ...process.env };
  addGoBinToPath(env);
  const ctx = { env, args };
  for (const ensure of command.steps) {
    await ensure(ctx);
    // A step may have installed Go binaries for the first time.
    addGoBinToPath(env);
  }
  return command.run(ctx);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (error instanceof ProvisionError) console.error(`✗ ${error.message}`);
    else console.error(error);
    process.exitCode = 1;
  },
);
