import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startEmbeddedServices } from "../embedded";
import { type Manifest, readManifest, unpack, verifyParts } from "./archive";
import { restoreDatabase } from "./database";
import { restoreObjects } from "./objects";
import { restoreRedis } from "./redis";

/**
 * The variables that would point the restore at stores other than the embedded ones of `dataDir`. REDIS_URL is
 * not among them: an install that runs on a Redis or Redis Cluster of its own gets its keys back there (into an
 * empty one), where `npm start` with the same REDIS_URL reads them.
 */
const EXTERNAL_STORES = ["MONGODB_URL", "S3_ENDPOINT", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"];

function expectCount(what: string, restored: number, expected: number): void {
  if (restored !== expected) throw new Error(`${what}: restored ${restored}, the manifest says ${expected}`);
}

/**
 * Restores `archive` into the empty (or missing) directory `dataDir`: verifies every part against the manifest,
 * puts the secret files back first (the S3 server and tokens need the same keys), starts the embedded stores
 * there, loads each one, checks the counts against the manifest, and stops them. `npm start` then serves it.
 */
export async function restore(options: {
  archive: string;
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  progress: (line: string) => void;
}): Promise<Manifest> {
  const { archive, dataDir, progress } = options;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new Error(`refusing to restore into ${dataDir}: it is not empty (set DATA_DIR to an empty directory)`);
  }
  if (!existsSync(archive)) throw new Error(`no archive at ${archive}`);
  const unpacked = mkdtempSync(join(tmpdir(), "chalkline-restore-"));
  try {
    await unpack(archive, unpacked);
    const manifest = readManifest(unpacked);
    const problems = await verifyParts(unpacked, manifest);
    if (problems.length > 0) throw new Error(`the archive does not match its manifest:\n  ${problems.join("\n  ")}`);
    progress(`verified: ${manifest.parts.length} parts match the manifest of ${manifest.createdAt}`);

    mkdirSync(dataDir, { recursive: true });
    const secrets = manifest.parts.filter((p) => p.kind === "secret");
    for (const part of secrets) {
      mkdirSync(dirname(join(dataDir, part.target)), { recursive: true });
      copyFileSync(join(unpacked, part.path), join(dataDir, part.target));
    }
    progress(`secrets: ${secrets.map((p) => p.target).join(", ") || "none"}`);

    const given = options.env ?? process.env;
    const env: NodeJS.ProcessEnv = { ...given, S3_BUCKET: manifest.bucket || given.S3_BUCKET };
    for (const key of EXTERNAL_STORES) delete env[key];
    // Only the stores hold data to restore: with these set, the mail catcher and stripe-mock are not started.
    Object.assign(env, { SMTP_URL: "smtp://not-started", STRIPE_SECRET_KEY: "sk_not_started" });
    const stores = await startEmbeddedServices({ dataDir, env });
    try {
      const inserted = await restoreDatabase(
        stores.env.MONGODB_URL as string,
        manifest.database,
        unpacked,
        manifest.parts,
      );
      for (const part of manifest.parts.filter((p) => p.kind === "collection")) {
        expectCount(`database ${part.target}`, inserted.get(part.target) ?? 0, part.count);
        progress(`database: ${part.target}, ${part.count} documents`);
      }
      const redisPart = manifest.parts.find((p) => p.kind === "redis");
      if (redisPart) {
        expectCount(
          "redis keys",
          await restoreRedis((stores.env.REDIS_URL ?? env.REDIS_URL) as string, unpacked, redisPart),
          redisPart.count,
        );
        progress(`redis: ${redisPart.count} keys`);
      }
      const objects = manifest.parts.filter((p) => p.kind === "object");
      const s3 = stores.s3;
      if (objects.length > 0 && s3) {
        expectCount("objects", await restoreObjects(s3, unpacked, objects), objects.length);
      }
      progress(`objects: ${objects.length} in bucket ${manifest.bucket}`);
    } finally {
      await stores.stop();
    }
    progress(`restored into ${dataDir} (database "${manifest.database}"); "npm start" serves it`);
    return manifest;
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
}
