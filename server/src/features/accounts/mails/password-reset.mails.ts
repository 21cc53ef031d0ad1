import type { Locale } from "@chalkline/shared";
import { type MailMessage, renderMail } from "../../mail/mail.layout";
import { accountWording, lifetime } from "./mails.wording";

/** To an account's address: the one-time link that sets a new password. */
export function passwordResetLinkMail(opts: {
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
    subject: t("resetLink.subject"),
    paragraphs: [
      t("greeting", { name: opts.displayName }),
      t("resetLink.body"),
      t("resetLink.expiry", { lifetime: lifetime(t, opts.ttlMs) }),
    ],
    action: { label: t("resetLink.action"), url: opts.link },
    footer: t("resetLink.footer"),
  });
}

/** To an address with no account: someone asked to reset its password, so the owner learns why nothing came. */
export function passwordResetUnknownMail(opts: { to: string; locale: Locale; registerUrl: string }): MailMessage {
  const t = accountWording(opts.locale);
  return renderMail({
    to: opts.to,
    locale: opts.locale,
    subject: t("resetUnknown.subject"),
    paragraphs: [t("resetUnknown.body"), t("resetUnknown.hint")],
    action: { label: t("resetUnknown.action"), url: opts.registerUrl },
    footer: t("resetUnknown.footer"),
  });
}
