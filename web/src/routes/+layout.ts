import { useLocale } from "$lib/i18n";
import type { LayoutLoad } from "./$types";

// Pages render on the server too: public pages in full, signed-in pages as their skeleton (the
// session is an in-memory access token the server never has); the browser then signs in and fills them.
export const prerender = false;

/** The page's messages are loaded before it renders, on the server and in the browser alike. */
export const load: LayoutLoad = async ({ data }) => {
  await useLocale(data.locale);
  return data;
};
