import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CreateBucketCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { versitygwArgs, versitygwDirs, versitygwEnv } from "./args";
import { resolveVersitygwBinary } from "./binaries";
import { spawnManaged, waitUntilReady } from "./child";
import { onFreePort } from "./ports";
import { httpAnswers } from "./probes";
import { type EmbeddedService, serviceOf } from "./service";

/** Root credentials of an embedded S3 server. */
export interface S3Keys {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A running S3-compatible server (Versity Gateway) with one bucket. */
export interface EmbeddedS3 extends EmbeddedService, S3Keys {
  /** `http://127.0.0.1:<port>`; clients must use path-style addressing. */
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
}

const REGION = "us-east-1";

/** Random root credentials in the shape AWS uses (20-character key id, 40-character secret). */
export function generateS3Keys(): S3Keys {
  return {
    accessKeyId: `CL${randomBytes(9).toString("hex").toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString("base64url"),
  };
}

/** Keys stored in `<dir>/credentials.json`, generated on first use so restarts keep working. */
export function loadOrCreateS3Keys(dir: string): S3Keys {
  const file = join(dir, "credentials.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as S3Keys;
  const keys = generateS3Keys();
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}

/**
 * Starts Versity Gateway (POSIX backend, internal IAM) on loopback with its data in `dataDir`,
 * then creates `bucket` unless it exists. It checks SigV4 signatures, presigned URLs included.
 */
export async function startS3(
  options: { dataDir: string; port?: number; bucket: string; env?: NodeJS.ProcessEnv } & S3Keys,
): Promise<EmbeddedS3> {
  const env = options.env ?? process.env;
  const bin = resolveVersitygwBinary(env);
  const dirs = versitygwDirs(options.dataDir);
  mkdirSync(dirs.iam, { recursive: true });
  mkdirSync(dirs.buckets, { recursive: true });
  const keys = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
  return onFreePort(options.port, async (port) => {
    const child = spawnManaged({
      name: "versitygw",
      command: bin,
      args: versitygwArgs({ port, dataDir: options.dataDir }),
      logFile: join(options.dataDir, "versitygw.log"),
      env: { ...env, ...versitygwEnv(keys) },
    });
    await waitUntilReady(child, () => httpAnswers(port));
    const endpoint = `http://127.0.0.1:${port}`;
    try {
      await ensureBucket({ endpoint, bucket: options.bucket, ...keys });
    } catch (error) {
      await child.stop();
      throw error;
    }
    return { ...serviceOf(child, port), ...keys, endpoint, region: REGION, bucket: options.bucket };
  });
}

async function ensureBucket(options: { endpoint: string; bucket: string } & S3Keys): Promise<void> {
  const client = new S3Client({
    endpoint: options.endpoint,
    region: REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: options.bucket }));
  } catch (error) {
    const alreadyThere =
      error instanceof S3ServiceException && ["BucketAlreadyOwnedByYou", "BucketAlreadyExists"].includes(error.name);
    if (!alreadyThere) throw error;
  } finally {
    client.destroy();
  }
}
