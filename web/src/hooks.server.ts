import { directionOf } from "@chalkline/shared";
import { type Handle, redirect } from "@sveltejs/kit";
import { useLocale } from "$lib/i18n";
import { localeOfRequest } from "$lib/i18n/locales";
import { loginPath } from "$lib/navigation";
import { hasSessionHint } from "$lib/session-hint";
import { themeFromCookies } from "$lib/theme";

/** Route ids of the pages that need a signed-in user. */
const SIGNED_IN_GROUP = "/(app)";

/**
 * A signed-in page asked for by a browser that never had a session goes straight to the login page,
 * instead of a skeleton that would only redirect once the app loads. Every page is rendered in the
 * account's theme the browser last applied (its cookie), so the first paint has the right colours,
 * and in its language (the account's choice in a cookie, else the browser's), mirrored if it is
 * written right to left.
 */
export const handle: Handle = async ({ event, resolve }) => {
  const cookies = event.request.headers.get("cookie") ?? "";
  const signedInPage = event.route.id?.startsWith(SIGNED_IN_GROUP) ?? false;
  if (signedInPage && !hasSessionHint(cookies)) {
    redirect(307, loginPath(event.url.pathname + event.url.search));
  }
  const theme = themeFromCookies(cookies);
  event.locals.locale = localeOfRequest(cookies, event.request.headers.get("accept-language") ?? "");
  const { locale } = event.locals;
  // The messages' language for this render. The store is the process's: a request of another
  // language whose loads finish in between can win it, a known limit of server-side svelte-i18n.
  await useLocale(locale);
  const colorScheme = theme === "system" ? "light dark" : theme;
  return resolve(event, {
    transformPageChunk: ({ html }) =>
      html
        .replace("%chalkline.theme%", theme)
        .replace("%chalkline.color-scheme%", colorScheme)
        // The template's first `lang` is the document's: English unless the request's language differs.
        .replace('lang="en"', `lang="${locale}"`)
        .replace("%chalkline.dir%", directionOf(locale)),
  });
};
