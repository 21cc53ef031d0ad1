import { LOCALE_COOKIE, type Locale, requestLocale } from "@chalkline/shared";
import type { Request } from "express";

/** The language a request's answer, or the email it causes, is worded in: the account's cookie, else the browser's. */
export function localeOf(req: Request): Locale {
  const chosen: unknown = req.cookies?.[LOCALE_COOKIE];
  return requestLocale(typeof chosen === "string" ? chosen : undefined, req.get("accept-language") ?? "");
}
