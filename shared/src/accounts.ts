import { z } from "zod";
import { timeZoneSchema } from "./gamification/periods";
import { localeChoiceSchema } from "./locales";
import { notificationKindSchema, notificationsOffSchema } from "./notification-kinds";

export const ROLES = ["learner", "instructor", "guardian", "admin"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Roles anyone may pick when registering; the others are granted by an admin. */
export const selfServiceRoleSchema = z.enum(["learner", "guardian"]);

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: "a valid email address" }));

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { message: `at least ${MIN_PASSWORD_LENGTH} characters` })
  .max(MAX_PASSWORD_LENGTH);

export const displayNameSchema = z.string().trim().min(1).max(60);

export const registerBodySchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  displayName: displayNameSchema,
  role: selfServiceRoleSchema.default("learner"),
});
export type RegisterBody = z.infer<typeof registerBodySchema>;

/**
 * Answer to POST /api/auth/register (202), the same whether or not the address has an account:
 * a new address gets a one-time sign-up link, an existing one a note that someone tried.
 */
export const registerAnswerSchema = z.object({ status: z.literal("check_email") });
export type RegisterAnswer = z.infer<typeof registerAnswerSchema>;

/** The sign-up link's secret, as the link carries it (`/signup/complete#token=…`). */
export const signupTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{32,128}$/, { message: "an emailed link's token" });

/** POST /api/auth/signup/complete: creates the account and answers a session (201), like a login. */
export const completeSignupBodySchema = z.strictObject({ token: signupTokenSchema });
export type CompleteSignupBody = z.infer<typeof completeSignupBodySchema>;

export const loginBodySchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

export const objectIdSchema = z.string().regex(/^[a-f0-9]{24}$/, { message: "an object id" });

/** A client's id for one request (a purchase, a quiz submission): retrying with it is answered like the first. */
export const requestIdSchema = z.string().regex(/^[A-Za-z0-9:_-]{8,80}$/, { message: "8 to 80 of A-Z a-z 0-9 : _ -" });

/** How the app looks: the system's light or dark setting, or one of them always. */
export const THEMES = ["system", "light", "dark"] as const;
export const themeSchema = z.enum(THEMES);
export type Theme = z.infer<typeof themeSchema>;

export const userViewSchema = z.object({
  id: objectIdSchema,
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
  /** IANA zone of the learner's calendar: streaks and weekly boards follow it. */
  timeZone: z.string(),
  /** Notification kinds the account switched off. */
  notificationsOff: z.array(notificationKindSchema),
  /** Remembered per account, so every device the person signs in on looks the same. */
  theme: themeSchema,
  /** Remembered per account like the theme; null follows the browser's language. */
  locale: localeChoiceSchema,
});
export type UserView = z.infer<typeof userViewSchema>;

/** PATCH /api/me: any of the profile's own fields; `notificationsOff` replaces the whole list. */
export const updateMeBodySchema = z
  .strictObject({
    displayName: displayNameSchema,
    timeZone: timeZoneSchema,
    notificationsOff: notificationsOffSchema,
    theme: themeSchema,
    locale: localeChoiceSchema,
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: "at least one field to change" });
export type UpdateMeBody = z.infer<typeof updateMeBodySchema>;

/**
 * POST /api/me/password (204): the current password, then the new one. Every other session of the
 * account ends at once, on every node; the caller's own carries on. Errors: `wrong_password`,
 * `account_locked` (wrong passwords count against the login lock of this address).
 */
export const changePasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  newPassword: passwordSchema,
});
export type ChangePasswordBody = z.infer<typeof changePasswordBodySchema>;

/**
 * POST /api/me/email (202 `{ status: "check_email" }`): mails a one-time link to the new address;
 * the account's address changes only when it is opened. The answer is the same whether or not the
 * address has an account (that one is told someone tried). Errors: `wrong_password`, `account_locked`.
 */
export const changeEmailBodySchema = z.strictObject({
  email: emailSchema,
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
export type ChangeEmailBody = z.infer<typeof changeEmailBodySchema>;

/** POST /api/auth/email/confirm: opens an email-change link (`/email/confirm#token=…`). Errors: `link_invalid`. */
export const confirmEmailBodySchema = z.strictObject({ token: signupTokenSchema });
export const confirmEmailAnswerSchema = z.object({ email: z.string() });
export type ConfirmEmailAnswer = z.infer<typeof confirmEmailAnswerSchema>;

/** Answer to a completed sign-up, login and refresh. The refresh token travels only in its httpOnly cookie. */
export const sessionSchema = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: z.string(),
  user: userViewSchema,
});
export type Session = z.infer<typeof sessionSchema>;

export const changeRoleBodySchema = z.strictObject({ role: roleSchema });
export const setDisabledBodySchema = z.strictObject({ disabled: z.boolean() });

export const listUsersQuerySchema = z.strictObject({
  q: z.string().trim().max(100).optional(),
  role: roleSchema.optional(),
  cursor: objectIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;

export const userPageSchema = z.object({
  users: z.array(userViewSchema),
  nextCursor: objectIdSchema.nullable(),
});
export type UserPage = z.infer<typeof userPageSchema>;
