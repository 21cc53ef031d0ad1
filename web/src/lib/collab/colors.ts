/** The colour that stands for one person in every cursor, selection, label and attribution marker. */
export interface UserColor {
  /** Solid: carets, labels, attribution bars. */
  color: string;
  /** Translucent: selection backgrounds and highlights. */
  colorLight: string;
}

/** FNV-1a: a small, stable hash, so a user keeps their colour across tabs and visits. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function hslToHex(hue: number, saturation: number, lightness: number): string {
  const s = saturation / 100;
  const l = lightness / 100;
  const k = (n: number) => (n + hue / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const value = l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/**
 * A readable colour derived from the user id. Hues are spread by the golden angle, and the
 * lightness stays dark enough for white label text on top.
 */
export function userColor(userId: string): UserColor {
  const h = hash(userId);
  const hue = Math.round(((h % 1000) * 137.508) % 360);
  const saturation = 62 + ((h >>> 10) % 16);
  const lightness = 38 + ((h >>> 16) % 8);
  const color = hslToHex(hue, saturation, lightness);
  return { color, colorLight: `${color}33` };
}

/** Up to two initials for compact markers: "Ada Lovelace" → "AL". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]![0], words.at(-1)![0]] : [...(words[0] ?? "?").slice(0, 2)];
  return letters.join("").toUpperCase();
}
