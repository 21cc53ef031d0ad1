import { redirect } from "@sveltejs/kit";
import { auth } from "$lib/auth.svelte";
import { nextPath } from "$lib/navigation";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ url }) => {
  await auth.restore();
  if (auth.status === "signed_in") redirect(307, nextPath(url));
};
