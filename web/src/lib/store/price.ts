/** "$12.50" in the store's currency. */
export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() }).format(cents / 100);
}

/** "1,200 points". */
export function formatPoints(points: number): string {
  return `${points.toLocaleString()} ${points === 1 ? "point" : "points"}`;
}
