import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { installDataDir, invocationDir } from "../platform/config";
import { restore } from "./restore";

/** `npm run restore <archive>`: the archive's install into DATA_DIR (default `.data/`), which must be empty. */
const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const [archiveArg] = process.argv.slice(2);
if (!archiveArg) {
  console.error("usage: npm run restore <archive.tar.gz>");
  process.exit(2);
}
const archive = resolve(invocationDir(), archiveArg);
const dataDir = installDataDir(ROOT);

try {
  console.log(`restoring ${archive} into ${dataDir}…`);
  await restore({ archive, dataDir, progress: (line) => console.log(`  ${line}`) });
} catch (error) {
  console.error(`✗ restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
