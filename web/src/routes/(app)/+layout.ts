import { redirect } from "@sveltejs/kit";
import { browser } from "$app/environment";
import { auth } from "$lib/auth.svelte";
import { loginPath } from "$lib/navigation";
import type { LayoutLoad } from "./$types";

/**
 * Every page in this group needs a signed-in user. The server renders the page's skeleton (a visitor
 * without a session was sent to log in by hooks.server.ts); the browser signs in before the page shows.
 */
export const load: LayoutLoad = async ({ url }) => {
  if (!browser) return;
  await auth.restore();
  if (auth.status !== "signed_in") redirect(307, loginPath(url.pathname + url.search));
};
