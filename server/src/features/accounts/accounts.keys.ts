import { createHash } from "node:crypto";

/** Keys carry hashes, never the email address, client address or link token they stand for. */
const digest = (text: string) => createHash("sha256").update(text).digest("base64url");

/** One login pair: an email address tried from one client address. */
const pair = (email: string, clientIp: string) => digest(`${email}\n${clientIp}`);

/** A login pair's keys share a hash tag, so locking it and clearing its count is one transaction. */
export const accountsKeys = {
  /** Failed logins of one pair, forgotten a lock's length after the last one. */
  loginFailures: (prefix: string, email: string, clientIp: string) =>
    `${prefix}accounts:login-failures:{${pair(email, clientIp)}}`,
  /** Present while one pair may not log in. */
  loginLock: (prefix: string, email: string, clientIp: string) =>
    `${prefix}accounts:login-lock:{${pair(email, clientIp)}}`,
  /** A sign-up waiting for its link to be opened. */
  signup: (prefix: string, tokenHash: string) => `${prefix}accounts:signup:${tokenHash}`,
  /** Rate-limiter subject for the sign-up mails sent to one address. */
  signupMailSubject: (email: string) => digest(email),
  /** An email change waiting for its link, mailed to the new address, to be opened. */
  emailChange: (prefix: string, tokenHash: string) => `${prefix}accounts:email-change:${tokenHash}`,
  /** Rate-limiter subject for the email-change mails sent to one address. */
  emailChangeMailSubject: (email: string) => digest(email),
  /** A password reset waiting for its emailed link to be opened. */
  passwordReset: (prefix: string, tokenHash: string) => `${prefix}accounts:password-reset:${tokenHash}`,
  /** Rate-limiter subject for the password-reset mails sent to one address. */
  passwordResetMailSubject: (email: string) => digest(email),
  /** Per session of one account: when and from where it was last used (LastSeen). */
  sessionsSeen: (prefix: string, userId: string) => `${prefix}accounts:sessions-seen:${userId}`,
  /** Present (holding why) while one session's access tokens are ended before their expiry. */
  endedSession: (prefix: string, sessionId: string) => `${prefix}accounts:ended-session:${sessionId}`,
  /** `<version> <reason>`: the account's tokens of a lower version are ended (disable, role change). */
  tokenFloor: (prefix: string, userId: string) => `${prefix}accounts:token-floor:${userId}`,
};
