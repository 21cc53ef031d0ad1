import { redirect } from "@sveltejs/kit";
import { auth } from "$lib/auth.svelte";
import { HOME_PATH } from "$lib/navigation";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ parent }) => {
  await parent();
  if (auth.user?.role !== "admin") redirect(307, HOME_PATH);
};
