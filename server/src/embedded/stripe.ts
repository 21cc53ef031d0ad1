import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stripeMockArgs } from "./args";
import { spawnManaged, waitUntilReady } from "./child";
import { onFreePort } from "./ports";
import { httpAnswers } from "./probes";
import { type EmbeddedService, serviceOf } from "./service";

/** stripe-mock accepts any key of this shape (`sk_test_` and letters or digits). */
export const STRIPE_MOCK_SECRET_KEY = "sk_test_chalklinestripemock";

/** A running stripe-mock: Stripe's API with fixture answers, no state and no webhooks of its own. */
export interface EmbeddedStripeMock extends EmbeddedService {
  /** `http://127.0.0.1:<port>`, for STRIPE_API_URL. */
  readonly url: string;
  readonly secretKey: string;
  /** Signs the webhooks tests (and nothing else) send; kept in `<dataDir>/webhook-secret`. */
  readonly webhookSecret: string;
}

/** Starts stripe-mock (`bin`) on a free loopback port, its log and webhook secret in `dataDir`. */
export async function startStripeMock(options: {
  bin: string;
  dataDir: string;
  env?: NodeJS.ProcessEnv;
}): Promise<EmbeddedStripeMock> {
  mkdirSync(options.dataDir, { recursive: true });
  const webhookSecret = loadOrCreateWebhookSecret(options.dataDir);
  return onFreePort(undefined, async (port) => {
    const child = spawnManaged({
      name: "stripe-mock",
      command: options.bin,
      args: stripeMockArgs({ port }),
      logFile: join(options.dataDir, "stripe-mock.log"),
      env: options.env ?? process.env,
    });
    await waitUntilReady(child, () => httpAnswers(port));
    return {
      ...serviceOf(child, port),
      url: `http://127.0.0.1:${port}`,
      secretKey: STRIPE_MOCK_SECRET_KEY,
      webhookSecret,
    };
  });
}

function loadOrCreateWebhookSecret(dir: string): string {
  const file = join(dir, "webhook-secret");
  if (!existsSync(file)) writeFileSync(file, `whsec_${randomBytes(24).toString("base64url")}\n`, { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}
