import type { MediaRequestErrorCode } from "@chalkline/shared";

/** What can go wrong in the media layer, as a closed list (callers switch on `code`). */
export const MEDIA_ERROR_CODES = ["invalid_config", "worker_binary_missing", "no_worker", "pool_closed"] as const;

export type MediaErrorCode = (typeof MEDIA_ERROR_CODES)[number];

/** An operational error of the media layer; `code` says which. */
export class MediaError extends Error {
  override readonly name = "MediaError";

  constructor(
    readonly code: MediaErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * How a media request failed, as the server node sees it: `code` is one of the platform's error
 * codes, so a socket handler can ack it unchanged.
 */
export class MediaRequestError extends Error {
  override readonly name = "MediaRequestError";

  constructor(
    readonly code: MediaRequestErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
