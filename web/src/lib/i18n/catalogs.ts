/** A message catalog: nested groups of ICU message strings. */
export interface Catalog {
  [key: string]: string | Catalog;
}

/**
 * One locale's catalog from its feature files. Each file holds a single top-level group named for
 * its feature, so files never share a key; a clash is a mistake and fails loudly.
 */
export function mergeCatalogs(parts: readonly Catalog[]): Catalog {
  const merged: Catalog = {};
  for (const part of parts) {
    for (const [group, messages] of Object.entries(part)) {
      if (group in merged) throw new Error(`two message files define the group "${group}"`);
      merged[group] = messages;
    }
  }
  return merged;
}

/** Every message id of a catalog, as dotted paths ("study.timer.start"). */
export function messageIds(catalog: Catalog, prefix = ""): string[] {
  return Object.entries(catalog).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : messageIds(value, `${prefix}${key}.`),
  );
}
