import { ERROR_STATUS, type ErrorBody, type ErrorCode } from "@chalkline/shared";
import type { z } from "zod";

/** An operational error: answered to the client with its code; never logged as a crash. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;
  /** Which limit refused the request, for the operator's metrics; never sent to the client. */
  readonly limit: string | undefined;

  constructor(code: ErrorCode, message: string, opts: { retryAfterSeconds?: number; limit?: string } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.limit = opts.limit;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.retryAfterSeconds !== undefined) body.retryAfterSeconds = this.retryAfterSeconds;
    return body;
  }
}

/** Errors the MongoDB driver and ioredis raise when their server cannot be reached right now. */
const OUTAGE_NAMES = new Set([
  "MongoServerSelectionError",
  "MongooseServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoNotConnectedError",
  "MongoPoolClearedError",
  "MongoTopologyClosedError",
  "MaxRetriesPerRequestError",
]);
/** A batch write reports the network failure of its statement in its own message. */
const OUTAGE_MESSAGES = [
  /^Connection is closed/,
  /^Stream isn't writeable/,
  /\b(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)\b/,
];

/**
 * A database or Redis that cannot be reached is `unavailable`, which tells a client to try again,
 * rather than `internal`, which says the request itself broke something. Null for any other error.
 */
export function outageError(error: unknown): AppError | null {
  if (!(error instanceof Error)) return null;
  const outage = OUTAGE_NAMES.has(error.name) || OUTAGE_MESSAGES.some((pattern) => pattern.test(error.message));
  if (outage) return new AppError("unavailable", "a backing service is unreachable right now; try again");
  return error.cause ? outageError(error.cause) : null;
}

/** Describes a zod failure in one line a client developer can act on. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

/** Parses `input` with `schema` or throws `invalid_payload`. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError("invalid_payload", describeZodError(result.error));
  return result.data;
}

export function assertNever(x: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
}
