import { redirect } from "@sveltejs/kit";
import { auth } from "$lib/auth.svelte";
import { loginPath } from "$lib/navigation";
import type { LayoutLoad } from "./$types";

/** Every page in this group needs a signed-in user. */
export const load: LayoutLoad = async ({ url }) => {
  await auth.restore();
  if (auth.status !== "signed_in") redirect(307, loginPath(url.pathname + url.search));
};
