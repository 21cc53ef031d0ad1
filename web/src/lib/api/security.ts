/** Password reset, two-factor sign-in, one's sessions, and one's data. */
import {
  type DeviceSession,
  type DisableTwoFactorBody,
  deviceSessionListSchema,
  type RecoveryCodes,
  type RegisterAnswer,
  recoveryCodesSchema,
  registerAnswerSchema,
  type Session,
  sessionSchema,
  type TwoFactorSetup,
  type TwoFactorStatus,
  type twoFactorLoginBodySchema,
  twoFactorSetupSchema,
  twoFactorStatusSchema,
} from "@chalkline/shared";
import type { z } from "zod";
import { authed, send } from "./client";

export const securityApi = {
  /** Mails a reset link to an account's address; the answer is the same for every address. */
  forgotPassword: (email: string): Promise<RegisterAnswer> =>
    send("POST", "/api/auth/password/forgot", { body: { email }, schema: registerAnswerSchema }),
  /** Opens a reset link. Errors: `link_invalid`. */
  resetPassword: (token: string, newPassword: string): Promise<void> =>
    send("POST", "/api/auth/password/reset", { body: { token, newPassword } }),
  /** The second step of a sign-in. Errors: `invalid_credentials`, `account_locked`, `unauthorized`. */
  loginWithSecondFactor: (body: z.input<typeof twoFactorLoginBodySchema>): Promise<Session> =>
    send("POST", "/api/auth/login/two-factor", { body, schema: sessionSchema }),

  twoFactorStatus: (): Promise<TwoFactorStatus> =>
    authed("GET", "/api/me/two-factor", { schema: twoFactorStatusSchema }),
  /** A new secret to scan; on only once `enableTwoFactor` confirms a code from it. */
  setupTwoFactor: (): Promise<TwoFactorSetup> =>
    authed("POST", "/api/me/two-factor/setup", { schema: twoFactorSetupSchema }),
  enableTwoFactor: (code: string): Promise<RecoveryCodes> =>
    authed("POST", "/api/me/two-factor/enable", { body: { code }, schema: recoveryCodesSchema }),
  disableTwoFactor: (body: DisableTwoFactorBody): Promise<void> =>
    authed("POST", "/api/me/two-factor/disable", { body }),
  /** Every browser trusted to skip the code asks for it again. */
  forgetTrustedDevices: (): Promise<void> => authed("DELETE", "/api/me/trusted-devices"),

  sessions: async (): Promise<DeviceSession[]> =>
    (await authed("GET", "/api/me/sessions", { schema: deviceSessionListSchema })).sessions,
  endSession: (id: string): Promise<void> => authed("DELETE", `/api/me/sessions/${encodeURIComponent(id)}`),
  /** Every session of the account ends, this one included. */
  endAllSessions: (): Promise<void> => authed("DELETE", "/api/me/sessions"),

  /** The account's own data, as the JSON document the server exports. */
  exportData: (): Promise<unknown> => authed("GET", "/api/me/export", { schema: { parse: (data: unknown) => data } }),
  /** Deletes the account. Errors: `wrong_password`, `account_locked`. */
  deleteAccount: (password: string): Promise<void> => authed("DELETE", "/api/me", { body: { password } }),
};
