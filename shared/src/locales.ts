import { z } from "zod";

/** The languages the app speaks; `ar` is written right to left. */
export const LOCALES = ["en", "es", "ar"] as const;
export const localeSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof localeSchema>;
/** The account's language, or null to follow the browser's. */
export const localeChoiceSchema = localeSchema.nullable();

export const DEFAULT_LOCALE: Locale = "en";
/**
 * The account's choice, mirrored in a cookie so the server renders the next page, and words the
 * next email, in it; without it the browser's own languages decide.
 */
export const LOCALE_COOKIE = "chalkline_locale";
const RIGHT_TO_LEFT: ReadonlySet<Locale> = new Set(["ar"]);

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

export function directionOf(locale: Locale): "ltr" | "rtl" {
  return RIGHT_TO_LEFT.has(locale) ? "rtl" : "ltr";
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

/** A request's language: the account's choice from its cookie, else the browser's best match. */
export function requestLocale(cookieValue: string | undefined, acceptLanguage: string): Locale {
  return cookieValue && isLocale(cookieValue) ? cookieValue : bestLocale(acceptedLanguages(acceptLanguage));
}
