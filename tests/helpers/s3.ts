import { HeadObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { inject } from "vitest";

/** Server-node settings that point uploads at the run's S3. */
export function s3Env(): Record<string, string> {
  const { s3 } = inject("services");
  return {
    S3_ENDPOINT: s3.endpoint,
    S3_REGION: s3.region,
    S3_BUCKET: s3.bucket,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  };
}

/** Whether the run's bucket holds `key`, asked of S3 itself rather than through the server. */
export async function objectExists(key: string): Promise<boolean> {
  const { s3 } = inject("services");
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  try {
    await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
    return true;
  } catch (error) {
    if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return false;
    throw error;
  } finally {
    client.destroy();
  }
}
