/**
 * Presigned URLs of board images. Every viewer asks for its own through `GET /api/uploads/:id/url`
 * (the server checks room membership); one is reused until shortly before it expires, so a board
 * with the same image twice, or a pane opened again, asks once.
 */

import { uploadsApi } from "$lib/api";

/** A URL this close to expiring is not handed out: the image may not have loaded by then. */
const EXPIRY_MARGIN_MS = 30_000;

interface Entry {
  url: Promise<string>;
  /** Infinity while the request is in flight. */
  expiresAtMs: number;
}

const entries = new Map<string, Entry>();

export function boardImageUrl(uploadId: string): Promise<string> {
  const cached = entries.get(uploadId);
  if (cached && cached.expiresAtMs - EXPIRY_MARGIN_MS > Date.now()) return cached.url;
  const entry: Entry = {
    expiresAtMs: Number.POSITIVE_INFINITY,
    url: uploadsApi.downloadUrl(uploadId).then(
      (signed) => {
        entry.expiresAtMs = Date.parse(signed.expiresAt);
        return signed.url;
      },
      (error: unknown) => {
        entries.delete(uploadId);
        throw error;
      },
    ),
  };
  entries.set(uploadId, entry);
  return entry.url;
}
