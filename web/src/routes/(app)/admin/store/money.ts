/** "12.50" → 1250; null for an empty field; NaN when it is not an amount. */
export function parseCents(text: string): number | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (!/^\d+([.,]\d{1,2})?$/.test(trimmed)) return Number.NaN;
  return Math.round(Number(trimmed.replace(",", ".")) * 100);
}

export function centsText(cents: number | null): string {
  return cents === null ? "" : (cents / 100).toFixed(2);
}
