import { api } from "./clients";
import { type CaughtMail, waitForMail } from "./mail";

/** The reset link in a password-reset mail, and the token its fragment carries. */
export function resetLink(mail: CaughtMail): { link: string; token: string } {
  const match = mail.Text.match(/(https?:\/\/\S+\/password\/reset#token=([A-Za-z0-9_-]+))/);
  if (!match?.[1] || !match[2]) throw new Error(`no reset link in "${mail.Subject}":\n${mail.Text}`);
  return { link: match[1], token: match[2] };
}

export const forgotPassword = (baseUrl: string, email: string) =>
  api(baseUrl, "POST", "/api/auth/password/forgot", { body: { email } });

export const resetPassword = (baseUrl: string, token: string, newPassword: string) =>
  api(baseUrl, "POST", "/api/auth/password/reset", { body: { token, newPassword } });

/** Asks for a reset of `email` and answers the link of the `count`-th mail to it. */
export async function requestResetLink(baseUrl: string, email: string, count = 1) {
  const asked = await forgotPassword(baseUrl, email);
  if (asked.status !== 202) throw new Error(`forgot password failed: ${asked.status} ${JSON.stringify(asked.body)}`);
  return resetLink(await waitForMail(email, { count }));
}
