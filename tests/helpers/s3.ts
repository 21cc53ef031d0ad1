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
