import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { installDataDir, invocationDir } from "../platform/config";
import { backup } from "./backup";

/** `npm run backup [archive]`: one archive of the install running on DATA_DIR (default `.data/`). */
const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const archive = resolve(invocationDir(), process.argv[2] ?? `chalkline-backup-${stamp}.tar.gz`);
const dataDir = installDataDir(ROOT);

try {
  console.log(`backing up the install on ${dataDir}…`);
  await backup({ dataDir, archive, progress: (line) => console.log(`  ${line}`) });
  console.log(`wrote ${archive}`);
} catch (error) {
  console.error(`✗ backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
