import { LOCALE_COOKIE, type Locale, requestLocale } from "@chalkline/shared";
import { readCookie, writeCookie } from "../cookies";

const LOCALE_MAX_AGE_S = 365 * 86_400;

/** The locale a request is rendered in: the account's (its cookie), else the browser's. */
export function localeOfRequest(cookies: string, acceptLanguage: string): Locale {
  return requestLocale(readCookie(cookies, LOCALE_COOKIE) ?? undefined, acceptLanguage);
}

/** Remembers the account's choice for the server's next render; null forgets it (the browser decides). */
export function rememberLocale(choice: Locale | null): void {
  writeCookie(LOCALE_COOKIE, choice ?? "", choice ? LOCALE_MAX_AGE_S : 0);
}
