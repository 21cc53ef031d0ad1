import { currentLocale, translate } from "$lib/i18n";

/** Formatters per language: building one is slow, and the language rarely changes. */
function cached<F>(make: (locale: string) => F): () => F {
  const made = new Map<string, F>();
  return () => {
    const locale = currentLocale();
    let formatter = made.get(locale);
    if (!formatter) {
      formatter = make(locale);
      made.set(locale, formatter);
    }
    return formatter;
  };
}

const clock = cached((locale) => new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit" }));
const dayAndClock = cached(
  (locale) => new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }),
);
const relative = cached((locale) => new Intl.RelativeTimeFormat(locale, { numeric: "auto" }));
const list = cached((locale) => new Intl.ListFormat(locale, { type: "conjunction" }));

/** "14:05" today, "Mar 3, 14:05" on other days, in the page's language. */
export function formatTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  return date.toDateString() === now.toDateString() ? clock().format(date) : dayAndClock().format(date);
}

/** "just now", "5 minutes ago", "yesterday"… */
export function formatAgo(iso: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (Math.abs(seconds) < 45) return translate("format.justNow");
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return relative().format(minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return relative().format(hours, "hour");
  return relative().format(Math.round(hours / 24), "day");
}

/** "Ada" and "Ada and Bo" and "Ada, Bo and 2 others". */
export function formatNames(names: string[], max = 2): string {
  if (names.length <= max) return list().format(names);
  const others = translate("format.others", { values: { count: names.length - max } });
  return list().format([...names.slice(0, max), others]);
}

/** "1st", "2nd", "3rd", "11th", "22nd"… in English; the language's own way elsewhere. */
export function ordinal(n: number): string {
  return translate("format.ordinal", { values: { n } });
}
