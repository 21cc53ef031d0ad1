import { LOCALES, type Locale } from "@chalkline/shared";
import { readCookie, writeCookie } from "../cookies";

/**
 * The language the account chose, mirrored in a cookie so the server renders the next page in it;
 * without a cookie the browser's own languages decide.
 */
export const LOCALE_COOKIE = "chalkline_locale";
const LOCALE_MAX_AGE_S = 365 * 86_400;
export const DEFAULT_LOCALE: Locale = "en";
const RIGHT_TO_LEFT: ReadonlySet<Locale> = new Set(["ar"]);

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/** The first of `preferred` (BCP 47 tags, best first) the app speaks, matched on the language. */
export function bestLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const language = tag.trim().toLowerCase().split(/[-_]/)[0] ?? "";
    if (isLocale(language)) return language;
  }
  return DEFAULT_LOCALE;
}

/** The languages of an `Accept-Language` header, best first. */
export function acceptedLanguages(header: string): string[] {
  return header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag, weight: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .map((entry) => entry.tag);
}

/** The locale a request is rendered in: the account's (its cookie), else the browser's. */
export function localeOfRequest(cookies: string, acceptLanguage: string): Locale {
  const chosen = readCookie(cookies, LOCALE_COOKIE);
  return chosen && isLocale(chosen) ? chosen : bestLocale(acceptedLanguages(acceptLanguage));
}

export function directionOf(locale: Locale): "ltr" | "rtl" {
  return RIGHT_TO_LEFT.has(locale) ? "rtl" : "ltr";
}

/** Remembers the account's choice for the server's next render; null forgets it (the browser decides). */
export function rememberLocale(choice: Locale | null): void {
  writeCookie(LOCALE_COOKIE, choice ?? "", choice ? LOCALE_MAX_AGE_S : 0);
}
