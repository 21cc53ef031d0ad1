import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { Config } from "../../platform/config";
import { signPostPolicy } from "./uploads.policy";

export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
  expiresAt: Date;
}

export interface StoredObject {
  size: number;
  contentType: string;
}

export interface StorageOptions {
  endpoint: string;
  /** Where browsers reach `endpoint`. */
  publicEndpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * The uploads bucket. Presigned URLs are signed for the endpoint browsers reach (S3_PUBLIC_ENDPOINT,
 * else S3_ENDPOINT); the server's own requests (HEAD) go to S3_ENDPOINT. Signing needs no network.
 */
export class ObjectStorage {
  readonly #client: S3Client;
  readonly #signer: S3Client;
  readonly #options: StorageOptions;

  constructor(options: StorageOptions) {
    this.#options = { ...options, publicEndpoint: options.publicEndpoint.replace(/\/+$/, "") };
    const client = (endpoint: string) =>
      new S3Client({
        endpoint,
        region: options.region,
        forcePathStyle: true,
        credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      });
    this.#client = client(options.endpoint);
    this.#signer = client(this.#options.publicEndpoint);
  }

  /** Null when S3 is not configured: uploads then answer `unavailable`. */
  static fromConfig(config: Config): ObjectStorage | null {
    const { S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = config;
    if (!endpoint || !accessKeyId || !secretAccessKey) return null;
    return new ObjectStorage({
      endpoint,
      publicEndpoint: config.S3_PUBLIC_ENDPOINT ?? endpoint,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET,
      accessKeyId,
      secretAccessKey,
    });
  }

  /** The origin browsers upload to and download from: the web app's CSP must allow it. */
  get publicOrigin(): string {
    return new URL(this.#options.publicEndpoint).origin;
  }

  /** A browser upload of exactly `key`, of `contentType`, at most `maxBytes`, within `ttlSeconds`. */
  presignPost(req: { key: string; contentType: string; maxBytes: number; ttlSeconds: number }): PresignedPost {
    const expiresAt = new Date(Date.now() + req.ttlSeconds * 1000);
    const { bucket, region, accessKeyId, secretAccessKey, publicEndpoint } = this.#options;
    const fields = signPostPolicy({ ...req, bucket, region, accessKeyId, secretAccessKey, expiresAt });
    return { url: `${publicEndpoint}/${bucket}`, fields, expiresAt };
  }

  /** What S3 holds under `key`, or null when nothing was uploaded there. */
  async head(key: string): Promise<StoredObject | null> {
    try {
      const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#options.bucket, Key: key }));
      return { size: head.ContentLength ?? 0, contentType: head.ContentType ?? "" };
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return null;
      throw error;
    }
  }

  /** Removes the object at `key`; nothing there is no error (S3 deletes are idempotent). */
  async remove(key: string): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#options.bucket, Key: key }));
  }

  /** A GET URL valid for `ttlSeconds`; `fileName` names the download. */
  async presignGet(key: string, ttlSeconds: number, fileName?: string): Promise<{ url: string; expiresAt: Date }> {
    const command = new GetObjectCommand({
      Bucket: this.#options.bucket,
      Key: key,
      ResponseContentDisposition: fileName ? `inline; filename="${fileName.replace(/["\\\r\n]/g, "_")}"` : undefined,
    });
    const url = await getSignedUrl(this.#signer, command, { expiresIn: ttlSeconds });
    return { url, expiresAt: new Date(Date.now() + ttlSeconds * 1000) };
  }

  close(): void {
    this.#client.destroy();
    this.#signer.destroy();
  }
}
