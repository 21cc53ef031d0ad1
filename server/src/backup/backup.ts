import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  describePart,
  type Manifest,
  type Part,
  pack,
  readManifest,
  unpack,
  verifyParts,
  writeManifest,
} from "./archive";
import { dumpDatabase } from "./database";
import { readRunningInstall, SECRET_FILES } from "./install";
import { dumpObjects } from "./objects";
import { dumpRedis } from "./redis";

/** Copies the install's secret files that exist into `secrets/`. */
async function copySecrets(dataDir: string, stage: string): Promise<Part[]> {
  const parts: Part[] = [];
  for (const file of SECRET_FILES.filter((f) => existsSync(join(dataDir, f)))) {
    const path = `secrets/${file}`;
    mkdirSync(dirname(join(stage, path)), { recursive: true });
    copyFileSync(join(dataDir, file), join(stage, path));
    parts.push(await describePart(stage, { path, kind: "secret", count: 1, target: file }));
  }
  return parts;
}

/**
 * Writes one archive of the install running on `dataDir` without stopping it: the database, then Redis, then the
 * S3 objects, then the secret files. Each store is read whole; the order means a record in the database never
 * points past what the later snapshots hold (sequence counters and objects come after the rows that use them).
 * The archive is unpacked again and checked against its manifest before it takes its name.
 */
export async function backup(options: {
  dataDir: string;
  archive: string;
  progress: (line: string) => void;
}): Promise<Manifest> {
  const { dataDir, archive, progress } = options;
  const install = readRunningInstall(dataDir);
  const stage = mkdtempSync(join(tmpdir(), "chalkline-backup-"));
  const check = mkdtempSync(join(tmpdir(), "chalkline-backup-check-"));
  const partial = `${archive}.partial`;
  try {
    const parts = [
      ...(await dumpDatabase(install.mongoUrl, install.database, stage, progress)),
      await dumpRedis(install.redisUrl, stage, progress),
      ...(install.s3 ? await dumpObjects(install.s3, stage, progress) : []),
      ...(await copySecrets(dataDir, stage)),
    ];
    progress(`secrets: ${parts.filter((p) => p.kind === "secret").length} files`);
    const manifest: Manifest = {
      format: 1,
      createdAt: new Date().toISOString(),
      database: install.database,
      bucket: install.s3?.bucket ?? "",
      parts,
    };
    writeManifest(stage, manifest);
    await pack(stage, partial);
    await unpack(partial, check);
    const problems = await verifyParts(check, readManifest(check));
    if (problems.length > 0) throw new Error(`the archive does not match its manifest:\n  ${problems.join("\n  ")}`);
    renameSync(partial, archive);
    progress(`verified: ${parts.length} parts match the manifest`);
    return manifest;
  } finally {
    rmSync(partial, { force: true });
    rmSync(stage, { recursive: true, force: true });
    rmSync(check, { recursive: true, force: true });
  }
}
