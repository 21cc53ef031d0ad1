import { type MailMessage, renderMail } from "../mail/mail.layout";
import { lifetime } from "./signup.mails";

/** To an account's address: the one-time link that sets a new password. */
export function passwordResetLinkMail(opts: {
  to: string;
  displayName: string;
  link: string;
  ttlMs: number;
}): MailMessage {
  return renderMail({
    to: opts.to,
    subject: "Reset your Chalkline password",
    paragraphs: [
      `Hi ${opts.displayName},`,
      "Someone (we hope you) asked to reset the password of your Chalkline account. Open the link below to choose a new one.",
      `The link works once and expires in ${lifetime(opts.ttlMs)}. Once the password is changed, every device signed in to your account is signed out.`,
    ],
    action: { label: "Choose a new password", url: opts.link },
    footer: "If you did not ask for this, ignore this email: your password stays as it is.",
  });
}

/** To an address with no account: someone asked to reset its password, so the owner learns why nothing came. */
export function passwordResetUnknownMail(opts: { to: string; registerUrl: string }): MailMessage {
  return renderMail({
    to: opts.to,
    subject: "Chalkline password reset",
    paragraphs: [
      "Someone asked to reset the password of a Chalkline account with this email address, but no account uses it.",
      "If you have an account, it may use another address of yours. You can also create one.",
    ],
    action: { label: "Create an account", url: opts.registerUrl },
    footer: "If it was not you, ignore this email.",
  });
}
