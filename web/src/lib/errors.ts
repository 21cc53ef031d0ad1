import type { ErrorBody, ErrorCode } from "@chalkline/shared";
import { ApiError } from "$lib/api";
import { translate } from "$lib/i18n";

/** Codes whose text names when to try again, from the answer's `retryAfterSeconds`. */
const WAIT_CODES: ReadonlySet<ErrorCode> = new Set(["account_locked", "rate_limited", "slow_mode"]);
/** Codes whose text carries the server's detail (which field, which budget, how much room is left). */
const DETAIL_CODES: ReadonlySet<ErrorCode> = new Set(["invalid_payload", "budget_exceeded", "quota_exceeded"]);

function waitFor(retryAfterSeconds: number | undefined): string {
  if (retryAfterSeconds === undefined) return translate("errors.wait.later");
  if (retryAfterSeconds < 60) {
    return translate("errors.wait.seconds", { values: { count: Math.max(1, retryAfterSeconds) } });
  }
  return translate("errors.wait.minutes", { values: { count: Math.ceil(retryAfterSeconds / 60) } });
}

/**
 * What to tell a person about an error code, in words they can act on and in their language. The
 * server answers with codes; its `message` is only a detail some texts quote.
 */
export function describeErrorBody(error: Pick<ErrorBody, "code" | "message" | "retryAfterSeconds">): string {
  const values: Record<string, string> = {};
  if (WAIT_CODES.has(error.code)) values.wait = waitFor(error.retryAfterSeconds);
  if (DETAIL_CODES.has(error.code)) values.detail = error.message;
  return translate(`errors.code.${error.code}`, { values });
}

/** Friendly text for anything a call can throw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return describeErrorBody(error);
  return describeErrorBody({ code: "internal", message: String(error) });
}
