import type { Locale } from "@chalkline/shared";
import { type MailWording, mailWording } from "../../mail/mail.wording";
import { ar } from "./mails.ar";
import { type AccountMailId, en } from "./mails.en";
import { es } from "./mails.es";

export type AccountWording = MailWording<AccountMailId>;

export function accountWording(locale: Locale): AccountWording {
  return mailWording({ en, es, ar }, locale);
}

/** A link's lifetime in words: "24 hours", "30 minutes". */
export function lifetime(t: AccountWording, ttlMs: number): string {
  const minutes = Math.max(1, Math.round(ttlMs / 60_000));
  return minutes < 120 ? t("minutes", { count: minutes }) : t("hours", { count: Math.round(minutes / 60) });
}
