/** Cursor colours come from the user id, computed the same way by the server, which stamps them on cursors. */
export { userColor } from "@chalkline/shared";

/** Up to two initials for compact markers: "Ada Lovelace" → "AL". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]![0], words.at(-1)![0]] : [...(words[0] ?? "?").slice(0, 2)];
  return letters.join("").toUpperCase();
}
