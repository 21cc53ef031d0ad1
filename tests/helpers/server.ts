import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "@chalkline/server/embedded";
import type { TestServices } from "./global-services";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const TEST_JWT_SECRET = "test-secret-that-is-long-enough-0123456789";

export interface ServerNodeHandle {
  url: string;
  port: number;
  serverId: string;
  /** Sends SIGTERM and waits for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Sends a signal without waiting (SIGKILL to simulate a crash). */
  kill(signal?: NodeJS.Signals): void;
  exited: Promise<number | null>;
  logs(): string;
}

let nodeCounter = 0;

/**
 * Starts a real server node (`server/src/main.ts`) as its own process on a free port, against the
 * run's shared services but with its own database name and Redis key prefix.
 */
export async function startServerNode(opts: {
  services: TestServices;
  dbName: string;
  keyPrefix: string;
  port?: number | undefined;
  env?: Record<string, string>;
}): Promise<ServerNodeHandle> {
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const serverId = `node-${++nodeCounter}-${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "test",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: url,
      SERVER_ID: serverId,
      MONGODB_URL: opts.services.mongoUrl,
      MONGODB_DB: opts.dbName,
      REDIS_URL: opts.services.redisUrl,
      REDIS_KEY_PREFIX: `${opts.keyPrefix}:`,
      JWT_SECRET: TEST_JWT_SECRET,
      SMTP_URL: opts.services.mail.smtpUrl,
      LOG_LEVEL: "warn",
      // Every test client connects from 127.0.0.1, as if a whole test's users sat behind one NAT:
      // the per-address socket limits are lifted unless a test of them sets its own.
      SOCKETS_PER_IP: "100000",
      SOCKET_CONNECTS_PER_IP_PER_MINUTE: "100000",
      SOCKET_IP_EVENTS_PER_SECOND: "100000",
      SOCKET_IP_EVENT_BURST: "100000",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  await waitForReady(url, child, () => output);
  return {
    url,
    port,
    serverId,
    exited,
    logs: () => output,
    kill: (signal = "SIGKILL") => void child.kill(signal),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

async function waitForReady(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server node exited with ${child.exitCode}:\n${logs()}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`server node not ready within 60 s:\n${logs()}`);
}
