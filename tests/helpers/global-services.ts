import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_BUCKET, startEmbeddedServices } from "@chalkline/server/embedded";
import type { TestProject } from "vitest/node";

/** The services shared by one test run; tests isolate themselves by database name and key prefix. */
export interface TestServices {
  redisUrl: string;
  /** Base URL without a database name. */
  mongoUrl: string;
  s3: {
    endpoint: string;
    region: string;
    bucket: string;
    accessKeyId: string;
    secretAccessKey: string;
  };
  /** stripe-mock (or STRIPE_* from the environment); null when neither is there. */
  stripe?: { apiUrl: string | null; secretKey: string; webhookSecret: string } | null;
  /** Mailpit: nodes send to `smtpUrl`, tests read what arrived through the HTTP API at `apiUrl`. */
  mail: { smtpUrl: string; apiUrl: string };
}

declare module "vitest" {
  export interface ProvidedContext {
    services: TestServices;
  }
}

function required(env: Record<string, string | undefined>, key: string): string {
  const value = env[key];
  // Only reachable when S3_ENDPOINT or STRIPE_SECRET_KEY points at an external service without its credentials.
  const partner = key.startsWith("S3") ? "S3_ENDPOINT" : "STRIPE_SECRET_KEY";
  if (!value) throw new Error(`${key} must be set together with ${partner}`);
  return value;
}

/**
 * vitest globalSetup: starts Redis, a MongoDB-compatible server, S3, stripe-mock and Mailpit once per run in a
 * fresh temporary directory (each one only when MONGODB_URL / REDIS_URL / S3_ENDPOINT / STRIPE_SECRET_KEY
 * do not name one),
 * provides their addresses as `inject("services")`, and stops them and removes the directory after.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), "chalkline-test-"));
  let embedded: Awaited<ReturnType<typeof startEmbeddedServices>>;
  try {
    // Tests read the mail the nodes send, so the run has its own Mailpit whatever SMTP_URL says.
    const { SMTP_URL: _relay, ...env } = process.env;
    embedded = await startEmbeddedServices({ dataDir, durable: false, env });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const env: Record<string, string | undefined> = { ...process.env, ...embedded.env };
  const mailpit = embedded.mailpit as NonNullable<typeof embedded.mailpit>;
  project.provide("services", {
    redisUrl: env.REDIS_URL as string,
    mongoUrl: env.MONGODB_URL as string,
    s3: {
      endpoint: required(env, "S3_ENDPOINT"),
      region: env.S3_REGION || "us-east-1",
      bucket: env.S3_BUCKET || DEFAULT_BUCKET,
      accessKeyId: required(env, "S3_ACCESS_KEY_ID"),
      secretAccessKey: required(env, "S3_SECRET_ACCESS_KEY"),
    },
    stripe: env.STRIPE_SECRET_KEY
      ? {
          apiUrl: env.STRIPE_API_URL ?? null,
          secretKey: env.STRIPE_SECRET_KEY,
          webhookSecret: required(env, "STRIPE_WEBHOOK_SECRET"),
        }
      : null,
    mail: { smtpUrl: mailpit.smtpUrl, apiUrl: mailpit.url },
  });
  return async () => {
    await embedded.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
