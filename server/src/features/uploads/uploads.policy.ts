import { createHmac } from "node:crypto";

export interface PostPolicyRequest {
  bucket: string;
  key: string;
  contentType: string;
  maxBytes: number;
  expiresAt: Date;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  now?: Date;
}

const ALGORITHM = "AWS4-HMAC-SHA256";

const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

/** `20260102T030405Z`: SigV4's timestamp format. */
function amzDate(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/**
 * The form fields of an S3 browser upload (POST Object) signed with SigV4. S3 itself enforces the
 * policy: this exact bucket and key, this exact Content-Type, a body of 1 to `maxBytes` bytes, and
 * nothing after `expiresAt`; every other form field is refused because the policy does not name it.
 * (Written here because @aws-sdk/s3-presigned-post pins its own copy of the S3 client.)
 */
export function signPostPolicy(req: PostPolicyRequest): Record<string, string> {
  const date = amzDate(req.now ?? new Date());
  const day = date.slice(0, 8);
  const credential = `${req.accessKeyId}/${day}/${req.region}/s3/aws4_request`;
  const fields: Record<string, string> = {
    key: req.key,
    "Content-Type": req.contentType,
    "x-amz-algorithm": ALGORITHM,
    "x-amz-credential": credential,
    "x-amz-date": date,
  };
  const policy = {
    expiration: req.expiresAt.toISOString(),
    conditions: [
      { bucket: req.bucket },
      ["content-length-range", 1, req.maxBytes],
      ...Object.entries(fields).map(([name, value]) => ["eq", `$${name}`, value]),
    ],
  };
  const encoded = Buffer.from(JSON.stringify(policy), "utf8").toString("base64");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${req.secretAccessKey}`, day), req.region), "s3"), "aws4_request");
  return { ...fields, policy: encoded, "x-amz-signature": hmac(signingKey, encoded).toString("hex") };
}
