import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

/**
 * Where a running `npm start` install's stores listen. The embedded services take free ports at each start, so
 * the install writes them beside its data for `npm run backup` to find, and removes the file when it stops.
 */
const installSchema = z.object({
  pid: z.number().int(),
  mongoUrl: z.string(),
  database: z.string(),
  redisUrl: z.string(),
  s3: z
    .object({
      endpoint: z.string(),
      region: z.string(),
      bucket: z.string(),
      accessKeyId: z.string(),
      secretAccessKey: z.string(),
    })
    .optional(),
});

export type RunningInstall = z.infer<typeof installSchema>;

const FILE = "running.json";

/**
 * Files in a data directory that hold secrets of the install rather than data of a store: tokens, stored
 * objects and webhook signatures stay valid only with the same ones.
 */
export const SECRET_FILES = ["jwt-secret", "s3/credentials.json", "stripe/webhook-secret"];

export function writeRunningInstall(dataDir: string, install: RunningInstall): void {
  // It holds the S3 keys, like s3/credentials.json.
  writeFileSync(join(dataDir, FILE), `${JSON.stringify(install, null, 2)}\n`, { mode: 0o600 });
}

export function removeRunningInstall(dataDir: string): void {
  rmSync(join(dataDir, FILE), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The install running on `dataDir`, or an error saying to start it (a backup reads a running install). */
export function readRunningInstall(dataDir: string): RunningInstall {
  const file = join(dataDir, FILE);
  const install = existsSync(file) ? installSchema.parse(JSON.parse(readFileSync(file, "utf8"))) : undefined;
  if (!install || !isAlive(install.pid)) {
    throw new Error(`no running install on ${dataDir}: start it with "npm start" (DATA_DIR names another directory)`);
  }
  return install;
}
