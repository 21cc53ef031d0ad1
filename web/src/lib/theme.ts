import { THEMES, type Theme } from "@chalkline/shared";
import { readCookie, writeCookie } from "./cookies";

/**
 * The account's theme, mirrored in a cookie so the server renders the next page in it: applied
 * before the first paint, no flash of the other colours while the app signs in.
 */
export const THEME_COOKIE = "chalkline_theme";
const THEME_MAX_AGE_S = 365 * 86_400;

/** The theme a `Cookie` header names; the system's setting when it names none. */
export function themeFromCookies(cookies: string): Theme {
  const value = readCookie(cookies, THEME_COOKIE) ?? "";
  return (THEMES as readonly string[]).includes(value) ? (value as Theme) : "system";
}

/** Shows `theme` now (app.css reads `data-theme`) and remembers it for the server's next render. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  writeCookie(THEME_COOKIE, theme, THEME_MAX_AGE_S);
}
