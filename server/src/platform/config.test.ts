import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

const minimal = {
  MONGODB_URL: "mongodb://127.0.0.1:27017/",
  REDIS_URL: "redis://127.0.0.1:6379",
  JWT_SECRET: "x".repeat(32),
};

describe("loadConfig", () => {
  it("fills defaults and derives the origin allowlist from PUBLIC_URL", () => {
    const config = loadConfig({ ...minimal, PUBLIC_URL: "https://class.example/app" });
    expect(config.PORT).toBe(3000);
    expect(config.ACCESS_TOKEN_TTL_SECONDS).toBe(900);
    expect(config.allowedOrigins).toEqual(["https://class.example"]);
    expect(config.secureCookies).toBe(true);
  });

  it("fails fast with one readable line per bad variable", () => {
    expect(() => loadConfig({ REDIS_URL: "http://nope", JWT_SECRET: "short" })).toThrowError(
      /MONGODB_URL[\s\S]*REDIS_URL: a redis:\/\/ URL[\s\S]*JWT_SECRET: at least 32 characters/,
    );
  });

  it("refuses to run in production without a mail relay", () => {
    const production = { ...minimal, NODE_ENV: "production", JWT_SECRET: "k3Y9-pQ7vLm2_xR8tW4zN6bH1cJ5dF0gS" };
    expect(() => loadConfig(production)).toThrowError(/SMTP_URL: required in production/);
    expect(loadConfig({ ...production, SMTP_URL: "smtp://mail:1025" }).SMTP_URL).toBe("smtp://mail:1025");
  });

  it("parses lists and booleans", () => {
    const config = loadConfig({ ...minimal, ALLOWED_ORIGINS: "https://a.example, https://b.example", SEED_DEMO: "1" });
    expect(config.allowedOrigins).toEqual(["https://a.example", "https://b.example"]);
    expect(config.SEED_DEMO).toBe(true);
  });
});
