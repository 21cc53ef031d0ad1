import type { Locale } from "@chalkline/shared";
import { type MailMessage, renderMail } from "../../mail/mail.layout";
import { accountWording, lifetime } from "./mails.wording";

/** Who a link mail goes to, in which language, and the one-time link it carries. */
interface LinkMailTo {
  to: string;
  locale: Locale;
  displayName: string;
  link: string;
  ttlMs: number;
}

/** A one-time link: a greeting, what the link does, how long it works, the button and the small print. */
function linkMail(kind: "signupLink" | "resetLink" | "changeLink", opts: LinkMailTo): MailMessage {
  const t = accountWording(opts.locale);
  return renderMail({
    to: opts.to,
    locale: opts.locale,
    subject: t(`${kind}.subject`),
    paragraphs: [
      t("greeting", { name: opts.displayName }),
      t(`${kind}.body`),
      t(`${kind}.expiry`, { lifetime: lifetime(t, opts.ttlMs) }),
    ],
    action: { label: t(`${kind}.action`), url: opts.link },
    footer: t(`${kind}.footer`),
  });
}

/** A note to an address about something asked of it: what happened, what to do, maybe a button, the small print. */
function noteMail(
  kind: "signupAttempted" | "resetUnknown" | "changeAttempted",
  opts: { to: string; locale: Locale; actionUrl?: string },
): MailMessage {
  const t = accountWording(opts.locale);
  // A note about an email change has no button: the account it names is not the reader's.
  const action =
    kind !== "changeAttempted" && opts.actionUrl ? { label: t(`${kind}.action`), url: opts.actionUrl } : undefined;
  return renderMail({
    to: opts.to,
    locale: opts.locale,
    subject: t(`${kind}.subject`),
    paragraphs: [t(`${kind}.body`), t(`${kind}.hint`)],
    action,
    footer: t(`${kind}.footer`),
  });
}

/** To a new address: the one-time link that creates the account. */
export const signupLinkMail = (opts: LinkMailTo) => linkMail("signupLink", opts);

/** To an address that has an account: someone (likely its owner) tried to sign up with it again. */
export const signupAttemptedMail = (opts: { to: string; locale: Locale; loginUrl: string }) =>
  noteMail("signupAttempted", { ...opts, actionUrl: opts.loginUrl });

/** To an account's address: the one-time link that sets a new password. */
export const passwordResetLinkMail = (opts: LinkMailTo) => linkMail("resetLink", opts);

/** To an address with no account: someone asked to reset its password, so the owner learns why nothing came. */
export const passwordResetUnknownMail = (opts: { to: string; locale: Locale; registerUrl: string }) =>
  noteMail("resetUnknown", { ...opts, actionUrl: opts.registerUrl });

/** To the new address: the one-time link that moves the account to it. */
export const emailChangeLinkMail = (opts: LinkMailTo) => linkMail("changeLink", opts);

/** To a new address that already has an account: someone tried to move another account onto it. */
export const emailChangeAttemptedMail = (opts: { to: string; locale: Locale }) => noteMail("changeAttempted", opts);

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
