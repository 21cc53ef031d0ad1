import { directionOf, type Locale } from "@chalkline/shared";
import { type Handle, redirect } from "@sveltejs/kit";
import { useLocale } from "$lib/i18n";
import { LocaleGate } from "$lib/i18n/locale-gate";
import { localeOfRequest } from "$lib/i18n/locales";
import { loginPath } from "$lib/navigation";
import { hasSessionHint } from "$lib/session-hint";
import { themeFromCookies } from "$lib/theme";

/** Route ids of the pages that need a signed-in user. */
const SIGNED_IN_GROUP = "/(app)";
const rendering = new LocaleGate<Locale>();

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
  const colorScheme = theme === "system" ? "light dark" : theme;
  // The messages' language is the process's: renders in another language wait their turn.
  return rendering.run(locale, async () => {
    await useLocale(locale);
    return resolve(event, {
      transformPageChunk: ({ html }) =>
        html
          .replace("%chalkline.theme%", theme)
          .replace("%chalkline.color-scheme%", colorScheme)
          // The template's first `lang` is the document's: English unless the request's language differs.
          .replace('lang="en"', `lang="${locale}"`)
          .replace("%chalkline.dir%", directionOf(locale)),
    });
  });
};
