import type { Locale } from "@chalkline/shared";
import { type MailMessage, renderMail } from "../../mail/mail.layout";
import { accountWording, lifetime } from "./mails.wording";

/** To the new address: the one-time link that moves the account to it. */
export function emailChangeLinkMail(opts: {
  to: string;
  locale: Locale;
  displayName: string;
  link: string;
  ttlMs: number;
}): MailMessage {
  const t = accountWording(opts.locale);
  return renderMail({
    to: opts.to,
    locale: opts.locale,
    subject: t("changeLink.subject"),
    paragraphs: [
      t("greeting", { name: opts.displayName }),
      t("changeLink.body"),
      t("changeLink.expiry", { lifetime: lifetime(t, opts.ttlMs) }),
    ],
    action: { label: t("changeLink.action"), url: opts.link },
    footer: t("changeLink.footer"),
  });
}

/** To a new address that already has an account: someone tried to move another account onto it. */
export function emailChangeAttemptedMail(opts: { to: string; locale: Locale }): MailMessage {
  const t = accountWording(opts.locale);
  return renderMail({
    to: opts.to,
    locale: opts.locale,
    subject: t("changeAttempted.subject"),
    paragraphs: [t("changeAttempted.body"), t("changeAttempted.hint")],
    footer: t("changeAttempted.footer"),
  });
}

/** To the old address, once the change is done: the owner learns of it even if it was not them. */
export function emailChangedMail(opts: { to: string; locale: Locale; newEmail: string }): MailMessage {
  const t = accountWording(opts.locale);
  return renderMail({
    to: opts.to,
    locale: opts.locale,
    subject: t("changed.subject"),
    paragraphs: [t("changed.body", { newEmail: opts.newEmail }), t("changed.hint")],
  });
}
