// S3 for the embedded services: Versity Gateway, which verifies signatures like the real thing.
import { join } from "node:path";
import { run, runsOk } from "./exec.mjs";
import { goBinDir, requireGo } from "./go.mjs";
import { done, fail, step } from "./log.mjs";

const PACKAGE = "github.com/versity/versitygw/cmd/versitygw@v1.7.0";

/** Exports VERSITYGW_BIN unless S3_ENDPOINT points at a server already. */
export async function ensureS3({ env }) {
  if (env.S3_ENDPOINT) {
    done("S3: using S3_ENDPOINT");
    return;
  }
  if (env.VERSITYGW_BIN) {
    if (!runsOk(env.VERSITYGW_BIN, ["--version"], env)) fail(`VERSITYGW_BIN=${env.VERSITYGW_BIN} does not run`);
    done(`S3: Versity Gateway at ${env.VERSITYGW_BIN}`);
    return;
  }
  const target = join(goBinDir(env), "versitygw");
  if (!runsOk(target, ["--version"], env)) {
    requireGo("Versity Gateway (the local S3 server)", "set S3_ENDPOINT or VERSITYGW_BIN", env);
    step(`installing Versity Gateway (go install ${PACKAGE}, a few minutes)…`);
    const code = await run("go", ["install", PACKAGE], { env: { ...env, GOWORK: "off" } });
    if (code !== 0 || !runsOk(target, ["--version"], env)) {
      fail(`"go install ${PACKAGE}" failed (exit ${code}); set S3_ENDPOINT to use an existing S3 instead`);
    }
  }
  env.VERSITYGW_BIN = target;
  done(`S3: Versity Gateway at ${target}`);
}
