import { z } from "zod";
import { emailSchema, MAX_PASSWORD_LENGTH, passwordSchema, sessionSchema, signupTokenSchema } from "./accounts";

/** POST /api/auth/password/forgot (202 `{ status: "check_email" }`, the same for every address). */
export const forgotPasswordBodySchema = z.strictObject({ email: emailSchema });
export type ForgotPasswordBody = z.infer<typeof forgotPasswordBodySchema>;

/**
 * POST /api/auth/password/reset (204): the emailed link's token (`/password/reset#token=…`) and the
 * new password. The link works once; every session of the account ends. Errors: `link_invalid`.
 */
export const resetPasswordBodySchema = z.strictObject({ token: signupTokenSchema, newPassword: passwordSchema });
export type ResetPasswordBody = z.infer<typeof resetPasswordBodySchema>;

/** Six digits from an authenticator app (RFC 6238, 30-second steps). */
export const totpCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, { message: "the 6-digit code from your authenticator app" });

/** One of the ten recovery codes shown at enrolment: `xxxxx-xxxxx`, case and dash forgiven. */
export const recoveryCodeSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((code) => code.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^[a-z0-9]{10}$/, { message: "a recovery code (ten letters and digits)" }));

/** A password was right and the account asks for its second factor: sign-in goes on with the challenge. */
export const twoFactorChallengeSchema = z.object({
  status: z.literal("two_factor_required"),
  /** Opaque; good for a few minutes, for this sign-in only. */
  challenge: z.string(),
});
export type TwoFactorChallenge = z.infer<typeof twoFactorChallengeSchema>;

/** Answer to POST /api/auth/login: a session, or the second factor's challenge. */
export const loginAnswerSchema = z.union([sessionSchema, twoFactorChallengeSchema]);
export type LoginAnswer = z.infer<typeof loginAnswerSchema>;

/**
 * POST /api/auth/login/two-factor: the challenge and a code or a recovery code. `trustDevice` sets a
 * cookie that skips the code on this browser for 30 days. Errors: `invalid_credentials` (wrong or
 * replayed code), `account_locked`, `unauthorized` (challenge expired).
 */
export const twoFactorLoginBodySchema = z.union([
  z.strictObject({ challenge: signupTokenSchema, code: totpCodeSchema, trustDevice: z.boolean().default(false) }),
  z.strictObject({
    challenge: signupTokenSchema,
    recoveryCode: recoveryCodeSchema,
    trustDevice: z.boolean().default(false),
  }),
]);
export type TwoFactorLoginBody = z.infer<typeof twoFactorLoginBodySchema>;

/** GET /api/me/two-factor. `required`: the account's role must use it, and nothing else works until it does. */
export const twoFactorStatusSchema = z.object({
  enabled: z.boolean(),
  required: z.boolean(),
  recoveryCodesLeft: z.number().int().nonnegative(),
});
export type TwoFactorStatus = z.infer<typeof twoFactorStatusSchema>;

/** POST /api/me/two-factor/setup: a new secret to enrol, pending until a code from it confirms it. */
export const twoFactorSetupSchema = z.object({
  /** Base32, for typing into an app by hand. */
  secret: z.string(),
  otpauthUrl: z.string(),
  /** The otpauth URL as a QR code, an SVG document. */
  qrSvg: z.string(),
});
export type TwoFactorSetup = z.infer<typeof twoFactorSetupSchema>;

/** POST /api/me/two-factor/enable: a code from the pending secret. Errors: `invalid_credentials`, `conflict`. */
export const enableTwoFactorBodySchema = z.strictObject({ code: totpCodeSchema });
/** The ten recovery codes, shown this once; each works once in place of a code. */
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;

/** POST /api/me/two-factor/disable (204): a current code or a recovery code. */
export const disableTwoFactorBodySchema = z.union([
  z.strictObject({ code: totpCodeSchema }),
  z.strictObject({ recoveryCode: recoveryCodeSchema }),
]);
export type DisableTwoFactorBody = z.infer<typeof disableTwoFactorBodySchema>;

/** One signed-in session (a login on one browser), as GET /api/me/sessions lists it. */
export const deviceSessionSchema = z.object({
  id: z.string(),
  /** "Chrome 120 on Linux", read from the user agent; "Unknown browser" when it says nothing. */
  browser: z.string(),
  ip: z.string(),
  signedInAt: z.string(),
  lastSeenAt: z.string(),
  /** The session that asks. */
  current: z.boolean(),
});
export type DeviceSession = z.infer<typeof deviceSessionSchema>;
export const deviceSessionListSchema = z.object({ sessions: z.array(deviceSessionSchema) });

/** DELETE /api/me (204): the account is deleted; the password confirms it. Errors: `wrong_password`. */
export const deleteAccountBodySchema = z.strictObject({ password: z.string().min(1).max(MAX_PASSWORD_LENGTH) });
export type DeleteAccountBody = z.infer<typeof deleteAccountBodySchema>;
