import {
  DEFAULT_TIME_ZONE,
  LOCALES,
  type Locale,
  NOTIFICATION_KINDS,
  type NotificationKind,
  ROLES,
  type Role,
  THEMES,
  type Theme,
  type UserView,
} from "@chalkline/shared";
import mongoose, { type HydratedDocument, type InferSchemaType } from "mongoose";
import { AppError } from "../../platform/errors";

const userSchema = new mongoose.Schema(
  {
    email: { type: String, required: true, unique: true },
    passwordHash: { type: String, required: true },
    displayName: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    disabled: { type: Boolean, default: false },
    /** Bumped to invalidate every access token issued before (disable, role change). */
    tokenVersion: { type: Number, default: 0 },
    /** IANA zone, checked with Intl before it is stored. */
    timeZone: { type: String, default: DEFAULT_TIME_ZONE },
    /** Notification kinds switched off: never stored for this account, never pushed to it. */
    notificationsOff: { type: [{ type: String, enum: NOTIFICATION_KINDS }], default: [] },
    theme: { type: String, enum: THEMES, default: "system" },
    /** Null follows the browser's language. */
    locale: { type: String, enum: [...LOCALES, null], default: null },
    /** Sign-in asks for an authenticator code; the secret and recovery codes are in `twoFactors`. */
    twoFactorEnabled: { type: Boolean, default: false },
  },
  { timestamps: true },
);

// The admins' user list filtered by role, in id order.
userSchema.index({ role: 1, _id: 1 });

export type UserRecord = Omit<InferSchemaType<typeof userSchema>, "notificationsOff" | "theme" | "locale"> & {
  role: Role;
  notificationsOff: NotificationKind[];
  theme: Theme;
  locale?: Locale | null;
};
export type UserDoc = HydratedDocument<UserRecord>;

export const User = mongoose.model("User", userSchema, "users");

/** The zone of a user's calendar; `not_found` for an unknown user. */
export async function timeZoneOf(userId: string): Promise<string> {
  const user = await User.findById(userId, { timeZone: 1 }).lean();
  if (!user) throw new AppError("not_found", "no such user");
  return user.timeZone;
}

export function toUserView(user: UserDoc): UserView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    timeZone: user.timeZone,
    notificationsOff: [...user.notificationsOff],
    theme: user.theme,
    locale: user.locale ?? null,
  };
}
