import type { UploadPurpose } from "@chalkline/shared";

/** Every object a user uploads lives under this prefix; nobody else's upload can be confirmed there. */
export const userPrefix = (userId: string): string => `u/${userId}/`;

/** A file name safe in a key and a Content-Disposition header. */
function safeName(fileName: string): string {
  return fileName.replace(/[^A-Za-z0-9._-]+/g, "-").slice(-80) || "file";
}

/** `u/<userId>/<purpose>/<uploadId>/<name>`: unique, and readable in the bucket. */
export function uploadKey(userId: string, purpose: UploadPurpose, uploadId: string, fileName: string): string {
  return `${userPrefix(userId)}${purpose}/${uploadId}/${safeName(fileName)}`;
}

export const uploadsRedisKeys = {
  /** Bytes of an account's uploads, pending ones included: what its storage quota is checked against. */
  usage: (prefix: string, userId: string) => `${prefix}uploads:usage:${userId}`,
};
