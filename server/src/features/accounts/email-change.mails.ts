import { type MailMessage, renderMail } from "../mail/mail.layout";
import { lifetime } from "./signup.mails";

/** To the new address: the one-time link that moves the account to it. */
export function emailChangeLinkMail(opts: {
  to: string;
  displayName: string;
  link: string;
  ttlMs: number;
}): MailMessage {
  return renderMail({
    to: opts.to,
    subject: "Confirm your new Chalkline email address",
    paragraphs: [
      `Hi ${opts.displayName},`,
      "Open the link below to sign in to Chalkline with this address from now on.",
      `The link works once and expires in ${lifetime(opts.ttlMs)}. Until it is opened, your account keeps its old address.`,
    ],
    action: { label: "Use this address", url: opts.link },
    footer: "If you did not ask for this, ignore this email: nothing changes without this link.",
  });
}

/** To a new address that already has an account: someone tried to move another account onto it. */
export function emailChangeAttemptedMail(opts: { to: string }): MailMessage {
  return renderMail({
    to: opts.to,
    subject: "Someone tried to move a Chalkline account to your email",
    paragraphs: [
      "Someone asked to change a Chalkline account's email address to this one, which already belongs to an account.",
      "Nothing was changed: one address belongs to one account.",
    ],
    footer: "If it was you, pick another address, or sign in to the account this address already has.",
  });
}

/** To the old address, once the change is done: the owner learns of it even if it was not them. */
export function emailChangedMail(opts: { to: string; newEmail: string }): MailMessage {
  return renderMail({
    to: opts.to,
    subject: "Your Chalkline email address was changed",
    paragraphs: [
      `Your Chalkline account now signs in with ${opts.newEmail} instead of this address.`,
      "If you did not make this change, contact your school's Chalkline administrator at once.",
    ],
  });
}
