// stripe-mock for the embedded services: Stripe's API answered from fixtures, for card payments in
// tests and in `npm start` when no Stripe keys are set.
import { join } from "node:path";
import { capture, run } from "./exec.mjs";
import { goBinDir, requireGo } from "./go.mjs";
import { done, fail, step } from "./log.mjs";

const MODULE = "github.com/stripe/stripe-mock";
// Its OpenAPI spec is API version 2026-08-26.dahlia, the one the pinned `stripe` SDK (22.6.2) sends.
const VERSION = "v0.203.0";

/** What `stripe-mock -version` prints for a binary built by this step (go install alone says "master"). */
function versionOf(bin, env) {
  return capture(bin, ["-version"], { env, timeoutMs: 15_000 });
}

/** Exports STRIPE_MOCK_BIN unless STRIPE_SECRET_KEY points card payments at Stripe itself. */
export async function ensureStripeMock({ env }) {
  if (env.STRIPE_SECRET_KEY) {
    done("Stripe: using STRIPE_SECRET_KEY");
    return;
  }
  if (env.STRIPE_MOCK_BIN) {
    if (versionOf(env.STRIPE_MOCK_BIN, env) === null) fail(`STRIPE_MOCK_BIN=${env.STRIPE_MOCK_BIN} does not run`);
    done(`Stripe: stripe-mock at ${env.STRIPE_MOCK_BIN}`);
    return;
  }
  const target = join(goBinDir(env), "stripe-mock");
  if (versionOf(target, env) !== `stripe-mock ${VERSION}`) {
    requireGo("stripe-mock (the local Stripe API for card payments)", "set STRIPE_SECRET_KEY", env);
    step(`installing stripe-mock ${VERSION} (go install ${MODULE}@${VERSION})…`);
    const args = ["install", `-ldflags=-X main.version=${VERSION}`, `${MODULE}@${VERSION}`];
    const code = await run("go", args, { env: { ...env, GOWORK: "off" } });
    if (code !== 0 || versionOf(target, env) !== `stripe-mock ${VERSION}`) {
      fail(`"go install ${MODULE}@${VERSION}" failed (exit ${code}); set STRIPE_SECRET_KEY to use Stripe instead`);
    }
  }
  env.STRIPE_MOCK_BIN = target;
  done(`Stripe: stripe-mock ${VERSION} at ${target}`);
}
