import { z } from "zod";

/**
 * The closed list of error codes the platform answers with, over HTTP and in socket acks.
 * Each maps to the HTTP status used when the error crosses an HTTP boundary.
 */
export const ERROR_STATUS = {
  invalid_payload: 400,
  /** A one-time link (sign-up, email change) that is unknown, used or expired. */
  link_invalid: 400,
  payload_too_large: 413,
  unauthorized: 401,
  token_expired: 401,
  invalid_credentials: 401,
  refresh_reused: 401,
  payment_required: 402,
  forbidden: 403,
  /** The current password, asked for before a password or email change, is not the account's. */
  wrong_password: 403,
  muted: 403,
  account_disabled: 403,
  /** The account's role must sign in with a second factor, and it has none yet: enrol first. */
  two_factor_required: 403,
  origin_not_allowed: 403,
  not_found: 404,
  conflict: 409,
  insufficient_points: 409,
  out_of_stock: 409,
  /** A guardian's budget (gift budget, weekly task points) or a learner's daily cap cannot cover it. */
  budget_exceeded: 409,
  /** The account's file storage (its uploads, pending ones included) cannot take this file. */
  quota_exceeded: 409,
  room_locked: 409,
  room_full: 409,
  /** The class's waiting room holds the learner until the instructor admits them. */
  admission_pending: 403,
  /** The instructor refused the learner entry to this class. */
  admission_refused: 403,
  /** The class is locked: nobody who was not in it already may join. */
  class_locked: 423,
  /** A per-account, per-peer or per-node allowance (transports, producers, sockets) is used up. */
  limit_reached: 429,
  account_locked: 423,
  protocol_mismatch: 426,
  rate_limited: 429,
  slow_mode: 429,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const errorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

/** The body of every error answer: `{ error: { code, message } }` over HTTP, the same object in acks. */
export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** What every socket ack carries. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type AckCallback<T> = (result: Ack<T>) => void;
