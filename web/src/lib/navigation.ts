export const HOME_PATH = "/dashboard";

/** Where to go after signing in: `?next=` when it is a path on this site, the dashboard otherwise. */
export function nextPath(url: URL): string {
  const next = url.searchParams.get("next");
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return HOME_PATH;
  return next;
}

export function loginPath(next?: string): string {
  return next && next !== HOME_PATH ? `/login?next=${encodeURIComponent(next)}` : "/login";
}
