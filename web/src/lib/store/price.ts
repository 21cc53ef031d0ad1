import { currentLocale, translate } from "$lib/i18n";

/** "$12.50" in the store's currency, written the page's language's way. */
export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat(currentLocale(), { style: "currency", currency: currency.toUpperCase() }).format(
    cents / 100,
  );
}

/** "1,200 points". */
export function formatPoints(points: number): string {
  return translate("price.points", { values: { points } });
}
