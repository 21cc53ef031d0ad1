import { type Handle, redirect } from "@sveltejs/kit";
import { loginPath } from "$lib/navigation";
import { hasSessionHint } from "$lib/session-hint";

/** Route ids of the pages that need a signed-in user. */
const SIGNED_IN_GROUP = "/(app)";

/**
 * A signed-in page asked for by a browser that never had a session goes straight to the login page,
 * instead of a skeleton that would only redirect once the app loads.
 */
export const handle: Handle = async ({ event, resolve }) => {
  const cookies = event.request.headers.get("cookie") ?? "";
  const signedInPage = event.route.id?.startsWith(SIGNED_IN_GROUP) ?? false;
  if (signedInPage && !hasSessionHint(cookies)) {
    redirect(307, loginPath(event.url.pathname + event.url.search));
  }
  return resolve(event);
};
