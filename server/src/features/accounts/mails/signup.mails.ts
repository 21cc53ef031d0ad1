import type { Locale } from "@chalkline/shared";
import { type MailMessage, renderMail } from "../../mail/mail.layout";
import { accountWording, lifetime } from "./mails.wording";

/** To a new address: the one-time link that creates the account. */
export function signupLinkMail(opts: {
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
    subject: t("signupLink.subject"),
    paragraphs: [
      t("greeting", { name: opts.displayName }),
      t("signupLink.body"),
      t("signupLink.expiry", { lifetime: lifetime(t, opts.ttlMs) }),
    ],
    action: { label: t("signupLink.action"), url: opts.link },
    footer: t("signupLink.footer"),
  });
}

/** To an address that has an account: someone (likely its owner) tried to sign up with it again. */
export function signupAttemptedMail(opts: { to: string; locale: Locale; loginUrl: string }): MailMessage {
  const t = accountWording(opts.locale);
  return renderMail({
    to: opts.to,
    locale: opts.locale,
    subject: t("signupAttempted.subject"),
    paragraphs: [t("signupAttempted.body"), t("signupAttempted.hint")],
    action: { label: t("signupAttempted.action"), url: opts.loginUrl },
    footer: t("signupAttempted.footer"),
  });
}
