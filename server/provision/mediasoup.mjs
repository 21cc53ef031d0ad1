// The mediasoup worker (C++): built once per version, patched for this toolchain, cached outside
// node_modules so reinstalls and other clones reuse it.
import { spawn } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  cpSync,
  createWriteStream,
  existsSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { aptInstall } from "./apt.mjs";
import { which } from "./exec.mjs";
import { withLock } from "./lock.mjs";
import { detail, done, fail, step } from "./log.mjs";
import { cacheDir, ROOT } from "./paths.mjs";

const PROGRESS_EVERY_MS = 30_000;

// Two one-line fixes that let mediasoup 3.8.4's worker build with gcc 12 and Python ≥ 3.10.
const FIXES = [
  {
    file: "deps/libwebrtc/deps/abseil-cpp/abseil-cpp/absl/debugging/failure_signal_handler.cc",
    from: "std::max(SIGSTKSZ, 65536)",
    to: "std::max<long>(SIGSTKSZ, 65536)",
  },
  { file: "deps/gyp/pylib/gyp/common.py", from: "collections.MutableSet", to: "collections.abc.MutableSet" },
];

/** Exports MEDIASOUP_WORKER_BIN, building and caching the worker when it is not cached yet. */
export async function ensureMediasoupWorker({ env }) {
  if (env.MEDIASOUP_WORKER_BIN) {
    if (!existsSync(env.MEDIASOUP_WORKER_BIN)) fail(`MEDIASOUP_WORKER_BIN=${env.MEDIASOUP_WORKER_BIN} does not exist`);
    done(`mediasoup worker: ${env.MEDIASOUP_WORKER_BIN}`);
    return;
  }
  const pkg = join(ROOT, "node_modules", "mediasoup");
  if (!existsSync(join(pkg, "package.json"))) fail('node_modules/mediasoup is missing: run "npm install"');
  const version = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).version;
  const cache = cacheDir(env);
  const bin = join(cache, `mediasoup-worker-${version}`);
  if (!existsSync(bin)) {
    const onWait = (pid) => step(`waiting for another build of the mediasoup worker (pid ${pid})…`);
    await withLock(`${bin}.lock`, onWait, async () => {
      if (!existsSync(bin)) await buildWorker({ env, pkg, version, bin, cache });
    });
  }
  env.MEDIASOUP_WORKER_BIN = bin;
  done(`mediasoup worker: ${bin}`);
}

async function buildWorker({ env, pkg, version, bin, cache }) {
  const missing = ["python3", "make", "g++"].filter((tool) => !which(tool, env));
  if (missing.length > 0) {
    step(`building the mediasoup worker needs ${missing.join(", ")}`);
    await aptInstall(missing, "set MEDIASOUP_WORKER_BIN to a built mediasoup-worker", env);
  }
  const build = join(cache, `mediasoup-${version}-build`);
  const worker = join(build, "worker");
  // The marker tells a fully copied and patched tree (reusable by make) from an interrupted copy.
  const prepared = join(build, ".prepared");
  if (!existsSync(prepared)) {
    step(`preparing the mediasoup ${version} worker sources in ${build}…`);
    rmSync(build, { recursive: true, force: true });
    cpSync(join(pkg, "worker"), worker, { recursive: true });
    for (const fix of FIXES) applyFix(join(worker, fix.file), fix);
    writeFileSync(prepared, "");
  }
  const logFile = `${build}.log`;
  step(`building the mediasoup ${version} worker (about 5 minutes on 2 cores; log: ${logFile})…`);
  const code = await make(worker, { ...env, PYTHON: "python3" }, logFile);
  const output = join(worker, "out", "Release", "mediasoup-worker");
  if (code !== 0 || !existsSync(output)) {
    const tail = readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-15);
    for (const line of tail) detail(line);
    fail(`building the mediasoup worker failed (exit ${code}); full log: ${logFile}`);
  }
  const partial = `${bin}.partial-${process.pid}`;
  copyFileSync(output, partial);
  chmodSync(partial, 0o755);
  renameSync(partial, bin);
  rmSync(build, { recursive: true, force: true });
  rmSync(logFile, { force: true });
}

function applyFix(file, { from, to }) {
  const text = readFileSync(file, "utf8");
  if (text.includes(from)) writeFileSync(file, text.replaceAll(from, to));
  else if (!text.includes(to)) fail(`cannot apply the build fix to ${file}: "${from}" not found`);
}

/** Runs make with output to a log file and a progress line every 30 s. */
function make(dir, env, logFile) {
  return new Promise((resolvePromise, reject) => {
    const log = createWriteStream(logFile);
    const started = Date.now();
    let lastLine = "";
    const child = spawn("make", ["-C", dir], { env, stdio: ["ignore", "pipe", "pipe"] });
    const onData = (chunk) => {
      log.write(chunk);
      const lines = chunk.toString().trimEnd().split("\n");
      lastLine = lines[lines.length - 1] ?? lastLine;
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const timer = setInterval(() => {
      const seconds = Math.round((Date.now() - started) / 1000);
      const what = lastLine.trim().replace(/^.*\//, "").slice(0, 100);
      detail(`still building (${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s): ${what}`);
    }, PROGRESS_EVERY_MS);
    child.on("error", (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on("exit", (code, signal) => {
      clearInterval(timer);
      log.end(() => resolvePromise(code ?? (signal ? 1 : 0)));
    });
  });
}
