import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { describePart, type Part } from "./archive";

export interface S3Location {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

function client(s3: S3Location): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
}

/**
 * Lists the bucket and fetches each object through the S3 API into `objects/<n>` (numbered: keys are not file
 * names), with its key, content type and metadata in its part.
 */
export async function dumpObjects(s3: S3Location, dir: string, progress: (line: string) => void): Promise<Part[]> {
  const api = client(s3);
  mkdirSync(join(dir, "objects"), { recursive: true });
  const parts: Part[] = [];
  try {
    let token: string | undefined;
    do {
      const page = await api.send(new ListObjectsV2Command({ Bucket: s3.bucket, ContinuationToken: token }));
      for (const listed of page.Contents ?? []) {
        if (!listed.Key) continue;
        const object = await api.send(new GetObjectCommand({ Bucket: s3.bucket, Key: listed.Key }));
        const path = `objects/${String(parts.length + 1).padStart(6, "0")}`;
        writeFileSync(join(dir, path), await (object.Body as NonNullable<typeof object.Body>).transformToByteArray());
        const part = await describePart(dir, {
          path,
          kind: "object",
          count: 1,
          target: listed.Key,
          ...(object.ContentType ? { contentType: object.ContentType } : {}),
          ...(object.Metadata && Object.keys(object.Metadata).length > 0 ? { metadata: object.Metadata } : {}),
        });
        parts.push(part);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } finally {
    api.destroy();
  }
  progress(`objects: ${parts.length} in bucket ${s3.bucket}`);
  return parts;
}

/** Puts every dumped object back under its key; returns how many. */
export async function restoreObjects(s3: S3Location, dir: string, parts: Part[]): Promise<number> {
  const api = client(s3);
  try {
    for (const part of parts) {
      await api.send(
        new PutObjectCommand({
          Bucket: s3.bucket,
          Key: part.target,
          Body: readFileSync(join(dir, part.path)),
          ContentType: part.contentType,
          Metadata: part.metadata,
        }),
      );
    }
  } finally {
    api.destroy();
  }
  return parts.length;
}
