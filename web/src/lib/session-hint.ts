import { readCookie, writeCookie } from "./cookies";

/**
 * A cookie that says "this browser had a session": the refresh cookie is httpOnly and scoped to
 * /api/auth, so neither the page nor the server rendering it can see it. With the hint, a first load
 * asks for a refresh only when there is a session to restore (no 401 for every visitor), and the
 * server renders a signed-in page's skeleton instead of sending the visitor to log in. It holds
 * nothing secret; a stale one costs a single refused refresh, which clears it.
 */
export const SESSION_HINT_COOKIE = "chalkline_session";

/** As long as the longest refresh cookie can live (REFRESH_TOKEN_TTL_DAYS at most 365); every refresh renews it. */
const HINT_MAX_AGE_S = 365 * 86_400;

/** Whether a `Cookie` header or `document.cookie` string carries the hint. */
export function hasSessionHint(cookies: string): boolean {
  return readCookie(cookies, SESSION_HINT_COOKIE) === "1";
}

/** Sets or clears the hint in this browser. */
export function writeSessionHint(present: boolean): void {
  writeCookie(SESSION_HINT_COOKIE, present ? "1" : "", present ? HINT_MAX_AGE_S : 0);
}
