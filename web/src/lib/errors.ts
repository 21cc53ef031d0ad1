import type { ErrorBody, ErrorCode } from "@chalkline/shared";
import { ApiError } from "$lib/api";
import { assertNever } from "$lib/assert";

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

function waitFor(retryAfterSeconds: number | undefined): string {
  if (retryAfterSeconds === undefined) return "in a little while";
  if (retryAfterSeconds < 60) return `in ${plural(Math.max(1, retryAfterSeconds), "second")}`;
  return `in ${plural(Math.ceil(retryAfterSeconds / 60), "minute")}`;
}

/** What to tell a person about an error code, in words they can act on. */
export function describeErrorBody(error: Pick<ErrorBody, "code" | "message" | "retryAfterSeconds">): string {
  const code: ErrorCode = error.code;
  switch (code) {
    case "invalid_credentials":
      return "That email and password don't match. Check them and try again.";
    case "account_locked":
      return `Too many attempts — try again ${waitFor(error.retryAfterSeconds)}.`;
    case "rate_limited":
      return `Too many requests — please wait and try again ${waitFor(error.retryAfterSeconds)}.`;
    case "account_disabled":
      return "This account has been disabled. Contact your school's administrator.";
    case "two_factor_required":
      return "Turn on two-factor sign-in first: your school asks for it.";
    case "invalid_payload":
      return `Please check the form: ${error.message}.`;
    case "link_invalid":
      return "This link has expired or was already used.";
    case "payload_too_large":
      return "That is too long to send.";
    case "unauthorized":
    case "token_expired":
    case "refresh_reused":
      return "Your session has ended. Please log in again.";
    case "forbidden":
      return "You don't have permission to do that.";
    case "wrong_password":
      return "That isn't your current password.";
    case "payment_required":
      return "This course is paid: buy it in the store.";
    case "muted":
      return "A moderator has muted you in this room for now.";
    case "slow_mode":
      return `Slow mode is on — you can send again ${waitFor(error.retryAfterSeconds)}.`;
    case "room_locked":
      return "This room is locked to new members.";
    case "room_full":
      return "This room is full.";
    case "admission_pending":
      return "You're in the waiting room: the instructor will let you in.";
    case "admission_refused":
      return "The instructor didn't let you into this class.";
    case "class_locked":
      return "This class is locked: nobody new may join now.";
    case "limit_reached":
      return "You've reached the limit for this. Close a tab or device you have open here and try again.";
    case "origin_not_allowed":
      return "This page isn't allowed to talk to the server. Open Chalkline from its own address.";
    case "not_found":
      return "That no longer exists.";
    case "conflict":
      return "Someone changed this at the same time. Reload and try again.";
    case "insufficient_points":
      return "You don't have enough points for that yet.";
    case "out_of_stock":
      return "Sold out — there aren't enough of these left.";
    case "budget_exceeded":
      // The server says which budget or cap, and how much is left.
      return `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`;
    case "quota_exceeded":
      // The server says how much room is left.
      return `Your file storage is full: ${error.message}.`;
    case "protocol_mismatch":
      return "A new version of Chalkline is available. Reload the page to continue.";
    case "unavailable":
      return "Chalkline can't be reached right now. Check your connection and try again.";
    case "internal":
      return "Something went wrong on our side. Please try again.";
    default:
      return assertNever(code);
  }
}

/** Friendly text for anything a call can throw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return describeErrorBody(error);
  return describeErrorBody({ code: "internal", message: String(error) });
}
