import { DEFAULT_LOCALE, isLocale } from "@chalkline/shared";
import { browser } from "$app/environment";
import { useLocale } from "$lib/i18n";

// Pages render on the server too: public pages in full, signed-in pages as their skeleton (the
// session is an in-memory access token the server never has); the browser then signs in and fills them.
export const prerender = false;

/**
 * In the browser, the page's messages are loaded before it renders, in the language the server
 * wrote on the document (no server load: a page opened offline from the shell needs none). The
 * server sets its own in `hooks.server.ts`.
 */
export const load = async () => {
  if (!browser) return;
  const lang = document.documentElement.lang;
  await useLocale(isLocale(lang) ? lang : DEFAULT_LOCALE);
};
