import { redirect } from "@sveltejs/kit";
import { browser } from "$app/environment";
import { auth } from "$lib/auth.svelte";
import { HOME_PATH } from "$lib/navigation";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ parent }) => {
  await parent();
  // Who is signed in is known in the browser only; the server renders the skeleton.
  if (browser && auth.user?.role !== "admin") redirect(307, HOME_PATH);
};
