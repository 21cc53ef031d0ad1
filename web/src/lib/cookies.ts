/**
 * Sets (or, with `maxAgeSeconds` 0, clears) a site-wide cookie the server reads when it renders a
 * page. Only short, non-secret values the page itself decides: a session hint, the theme.
 */
export function writeCookie(name: string, value: string, maxAgeSeconds: number): void {
  const secure = location.protocol === "https:" ? "; Secure" : "";
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser yet.
  document.cookie = `${name}=${value}; Path=/; Max-Age=${maxAgeSeconds}; SameSite=Lax${secure}`;
}

/** The value of cookie `name` in a `Cookie` header or `document.cookie`, or null. */
export function readCookie(cookies: string, name: string): string | null {
  const found = cookies
    .split(";")
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${name}=`));
  return found === undefined ? null : found.slice(name.length + 1);
}
