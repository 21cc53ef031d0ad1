import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, inject, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

it("a production node with the compose fallback secret exits non-zero, naming it in one line", async () => {
  const services = inject("services");
  const child = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      PUBLIC_URL: "https://class.example",
      MONGODB_URL: services.mongoUrl,
      MONGODB_DB: "production-guard",
      REDIS_URL: services.redisUrl,
      REDIS_KEY_PREFIX: "production-guard:",
      SMTP_URL: services.mail.smtpUrl,
      JWT_SECRET: "change-me-dev-only-jwt-secret-not-for-production",
      SEED_DEMO: "false",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));

  expect(code).not.toBe(0);
  expect(output).toContain("Refusing to start in production:");
  expect(output).toMatch(/^ {2}JWT_SECRET: a published default, anyone could sign tokens with it; set at least 32/m);
  // Only the configuration speaks: no stack trace, and nothing else was refused.
  expect(output).not.toMatch(/\n\s+at /);
  expect(output.split("\n").filter((line) => /^ {2}[A-Z_]+: /.test(line))).toHaveLength(1);
});
