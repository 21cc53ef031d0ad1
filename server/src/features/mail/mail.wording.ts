import type { Locale } from "@chalkline/shared";
import { IntlMessageFormat } from "intl-messageformat";

/** A feature's email texts in every language the app speaks: ICU messages under the same ids. */
export type MailCatalogs<Id extends string> = Record<Locale, Record<Id, string>>;

/** Words message `id` with `values` (plurals and numbers as the language writes them). */
export type MailWording<Id extends string> = (id: Id, values?: Record<string, string | number>) => string;

export function mailWording<Id extends string>(catalogs: MailCatalogs<Id>, locale: Locale): MailWording<Id> {
  // Tags are not markup here: names and addresses users typed stay text.
  return (id, values) =>
    String(new IntlMessageFormat(catalogs[locale][id], locale, undefined, { ignoreTag: true }).format(values));
}
