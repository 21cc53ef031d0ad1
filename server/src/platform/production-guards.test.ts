import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";
import { weakSecretReason } from "./production-guards";

const strongSecret = randomBytes(48).toString("base64url");

/** A production environment that starts; each case below spoils one setting. */
const production = {
  NODE_ENV: "production",
  MONGODB_URL: "mongodb://mongo:27017/",
  REDIS_URL: "redis://redis:6379",
  JWT_SECRET: strongSecret,
  SMTP_URL: "smtp://mail.example:587",
  PUBLIC_URL: "https://class.example",
  S3_ENDPOINT: "https://s3.example",
  S3_ACCESS_KEY_ID: "AKIAEXAMPLEKEYID0001",
  S3_SECRET_ACCESS_KEY: randomBytes(30).toString("base64url"),
  STRIPE_SECRET_KEY: "sk_live_x",
  STRIPE_WEBHOOK_SECRET: "whsec_x",
};

/** The lines loadConfig refused with, or [] when it started. */
function refusals(overrides: Record<string, string | undefined>): string[] {
  try {
    loadConfig({ ...production, ...overrides });
    return [];
  } catch (error) {
    return (error as Error).message.split("\n").filter((line) => line.startsWith("  "));
  }
}

describe("production guards", () => {
  it("let a production environment with real settings start", () => {
    expect(refusals({})).toEqual([]);
    // Plain http on the machine itself (a local trial behind nothing) is allowed.
    expect(refusals({ PUBLIC_URL: "http://localhost:8080" })).toEqual([]);
    // Real Stripe through a proxy of one's own is not stripe-mock.
    expect(refusals({ STRIPE_API_URL: "https://stripe-proxy.example" })).toEqual([]);
  });

  it("refuse a missing or short JWT_SECRET", () => {
    expect(refusals({ JWT_SECRET: undefined })).toEqual([
      "  JWT_SECRET: required: at least 32 characters of random data",
    ]);
    expect(refusals({ JWT_SECRET: "secret" })).toEqual(["  JWT_SECRET: at least 32 characters of random data"]);
    expect(refusals({ JWT_SECRET: "changeme" })).toEqual(["  JWT_SECRET: at least 32 characters of random data"]);
  });

  it("refuse a published or guessable JWT_SECRET", () => {
    for (const secret of [
      "change-me-dev-only-jwt-secret-not-for-production",
      "test-secret-that-is-long-enough-0123456789",
      "please-changeme-before-going-live-0123456789",
      "secretsecretsecretsecretsecretsecret",
      "x".repeat(32),
    ]) {
      const lines = refusals({ JWT_SECRET: secret });
      expect(lines, secret).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^ {2}JWT_SECRET: .*anyone could sign tokens with it; set at least 32 random characters/,
      );
    }
    expect(weakSecretReason(strongSecret)).toBeUndefined();
  });

  it("refuse the demo seed", () => {
    expect(refusals({ SEED_DEMO: "true" })).toEqual([
      "  SEED_DEMO: demo accounts share a published password; not in production",
    ]);
  });

  it("refuse stripe-mock, by a loopback address or by its default port", () => {
    const line = "  STRIPE_API_URL: points at stripe-mock, which takes no money; unset it to use Stripe";
    expect(refusals({ STRIPE_API_URL: "http://127.0.0.1:40123" })).toEqual([line]);
    expect(refusals({ STRIPE_API_URL: "http://localhost:9999" })).toEqual([line]);
    expect(refusals({ STRIPE_API_URL: "http://[::1]:8000" })).toEqual([line]);
    expect(refusals({ STRIPE_API_URL: "http://stripe-mock:12111" })).toEqual([line]);
  });

  it("refuse the development S3 credentials", () => {
    expect(refusals({ S3_ACCESS_KEY_ID: "chalkline", S3_SECRET_ACCESS_KEY: "chalkline-dev-secret" })).toEqual([
      "  S3_ACCESS_KEY_ID: a published development credential",
      "  S3_SECRET_ACCESS_KEY: a published development credential",
    ]);
    expect(refusals({ S3_ACCESS_KEY_ID: "minioadmin" })).toEqual([
      "  S3_ACCESS_KEY_ID: a published development credential",
    ]);
  });

  it("refuse an http: PUBLIC_URL other than localhost", () => {
    expect(refusals({ PUBLIC_URL: "http://class.example" })).toEqual([
      "  PUBLIC_URL: http: outside localhost sends passwords and tokens in clear; use https:",
    ]);
  });

  it("refuse a missing mail relay", () => {
    expect(refusals({ SMTP_URL: undefined })).toEqual(["  SMTP_URL: required in production"]);
  });

  it("name every problem at once, and leave development and test alone", () => {
    const all = {
      JWT_SECRET: "change-me-dev-only-jwt-secret-not-for-production",
      SEED_DEMO: "true",
      STRIPE_API_URL: "http://127.0.0.1:12111",
      S3_ACCESS_KEY_ID: "chalkline",
      S3_SECRET_ACCESS_KEY: "chalkline-dev-secret",
      PUBLIC_URL: "http://class.example",
    };
    expect(refusals(all)).toHaveLength(6);
    expect(refusals({ ...all, NODE_ENV: "development" })).toEqual([]);
    expect(refusals({ ...all, NODE_ENV: "test" })).toEqual([]);
    expect(refusals({ ...all, NODE_ENV: undefined })).toEqual([]);
  });
});
