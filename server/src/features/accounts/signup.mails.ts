import { type MailMessage, renderMail } from "../mail/mail.layout";

/** The link's lifetime in words: "24 hours", "30 minutes". */
export function lifetime(ttlMs: number): string {
  const minutes = Math.max(1, Math.round(ttlMs / 60_000));
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return `${Math.round(minutes / 60)} hours`;
}

/** To a new address: the one-time link that creates the account. */
export function signupLinkMail(opts: { to: string; displayName: string; link: string; ttlMs: number }): MailMessage {
  return renderMail({
    to: opts.to,
    subject: "Finish creating your Chalkline account",
    paragraphs: [
      `Hi ${opts.displayName},`,
      "Open the link below to finish creating your Chalkline account and sign in.",
      `The link works once and expires in ${lifetime(opts.ttlMs)}.`,
    ],
    action: { label: "Create my account", url: opts.link },
    footer: "If you did not sign up for Chalkline, ignore this email: no account is created without this link.",
  });
}

/** To an address that has an account: someone (likely its owner) tried to sign up with it again. */
export function signupAttemptedMail(opts: { to: string; loginUrl: string }): MailMessage {
  return renderMail({
    to: opts.to,
    subject: "Someone tried to sign up to Chalkline with your email",
    paragraphs: [
      "Someone just tried to create a Chalkline account with this email address, which already has one.",
      "If it was you, sign in instead. If you no longer know your password, ask your school's Chalkline administrator to help you back in.",
    ],
    action: { label: "Sign in", url: opts.loginUrl },
    footer: "If it was not you, ignore this email: your account and its password are unchanged.",
  });
}
