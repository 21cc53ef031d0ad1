import type { Locale } from "@chalkline/shared";
import { DEFAULT_LOCALE, directionOf } from "@chalkline/shared";
import { get } from "svelte/store";
import {
  addMessages,
  format,
  init,
  locale as localeStore,
  register,
  unwrapFunctionStore,
  waitLocale,
} from "svelte-i18n";
import { type Catalog, mergeCatalogs } from "./catalogs";

// English is in the bundle (the fallback for anything still loading); the others load when chosen.
const english = import.meta.glob<Catalog>("./messages/*/en.json", { eager: true, import: "default" });
const others = import.meta.glob<Catalog>(["./messages/*/*.json", "!./messages/*/en.json"], { import: "default" });

addMessages(DEFAULT_LOCALE, mergeCatalogs(Object.values(english)));
for (const locale of new Set(Object.keys(others).map(localeOfFile))) {
  register(locale, async () =>
    mergeCatalogs(
      await Promise.all(
        Object.entries(others)
          .filter(([file]) => localeOfFile(file) === locale)
          .map(([, load]) => load()),
      ),
    ),
  );
}
init({ fallbackLocale: DEFAULT_LOCALE, initialLocale: DEFAULT_LOCALE });

function localeOfFile(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1, -".json".length);
}

/** `$t("app.reload")`, or with `{ values }` for its arguments, in components: re-renders when the language changes. */
export { _ as t, date, locale, number, time } from "svelte-i18n";

/** The same outside components (formatting helpers, error texts): reads the language at the call. */
export const translate = unwrapFunctionStore(format);

/** Loads `next`'s messages, then switches to it (pages, the document's language and direction). */
export async function useLocale(next: Locale): Promise<void> {
  await waitLocale(next);
  localeStore.set(next);
  if (typeof document !== "undefined") {
    document.documentElement.lang = next;
    document.documentElement.dir = directionOf(next);
  }
}

/** The language pages are in now. */
export function currentLocale(): Locale {
  return (get(localeStore) as Locale | null | undefined) ?? DEFAULT_LOCALE;
}
