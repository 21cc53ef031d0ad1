import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { findExecutable, goBinDir } from "./binaries";
import { spawnManaged, waitUntilReady } from "./child";
import { freePort, onFreePort } from "./ports";
import { httpAnswers, smtpGreets } from "./probes";
import { type EmbeddedService, serviceOf } from "./service";

/** A running Mailpit: it keeps every message it is sent and shows them, instead of delivering them. */
export interface EmbeddedMailpit extends EmbeddedService {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  readonly smtpUrl: string;
  /** `http://127.0.0.1:<port>`: the mail web UI, with its HTTP API under `/api/v1`. */
  readonly url: string;
}

/** mailpit from MAILPIT_BIN, PATH or GOPATH/bin. */
export function resolveMailpitBinary(env: NodeJS.ProcessEnv = process.env): string {
  const bin = findExecutable(env.MAILPIT_BIN || "mailpit", env, [goBinDir(env)]);
  if (!bin) throw new Error('mailpit not found: set SMTP_URL or MAILPIT_BIN, or run "npm run setup"');
  return bin;
}

/**
 * Mailpit on loopback: the web UI and API on `port`, SMTP on `smtpPort`, messages in a SQLite file
 * in `dataDir`. It would otherwise ask GitHub for a newer release at start, and resolve the name of
 * every SMTP client.
 */
export function mailpitArgs({ port, smtpPort, dataDir }: { port: number; smtpPort: number; dataDir: string }) {
  return [
    "--listen",
    `127.0.0.1:${port}`,
    "--smtp",
    `127.0.0.1:${smtpPort}`,
    "--database",
    join(dataDir, "mailpit.db"),
    "--disable-version-check",
    "--smtp-disable-rdns",
    "--quiet",
  ];
}

/** Starts Mailpit on two free loopback ports with its messages and log in `dataDir`. */
export async function startMailpit(options: { dataDir: string; env?: NodeJS.ProcessEnv }): Promise<EmbeddedMailpit> {
  const env = options.env ?? process.env;
  const bin = resolveMailpitBinary(env);
  mkdirSync(options.dataDir, { recursive: true });
  return onFreePort(undefined, async (port) => {
    const smtpPort = await freePort();
    const child = spawnManaged({
      name: "mailpit",
      command: bin,
      args: mailpitArgs({ port, smtpPort, dataDir: options.dataDir }),
      logFile: join(options.dataDir, "mailpit.log"),
      env,
    });
    await waitUntilReady(child, async () => (await httpAnswers(port)) && (await smtpGreets(smtpPort)));
    return { ...serviceOf(child, port), smtpUrl: `smtp://127.0.0.1:${smtpPort}`, url: `http://127.0.0.1:${port}` };
  });
}
