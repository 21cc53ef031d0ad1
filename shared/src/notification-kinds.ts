import { z } from "zod";

/**
 * What a notification is about. Kept apart from the notification schemas so the account's
 * preferences (which kinds it switched off) can name them without an import cycle.
 */
export const NOTIFICATION_KINDS = [
  "mention",
  "instructor_called",
  "hand_answered",
  "room_removed",
  "guardian_task",
  "gift_unlocked",
  "gift_shipping",
  /** A scheduled class of one of the learner's courses starts soon (CLASS_REMINDER_MINUTES). */
  "class_reminder",
  "class_started",
  /** One of the buyer's orders was fulfilled, failed, lapsed or was refunded. */
  "order_status",
  /** A struggling-learner alert about a learner of the instructor's course, or one the guardian follows. */
  "study_alert",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);

/** The kinds an account switched off: they are neither stored nor pushed to it. */
export const notificationsOffSchema = z
  .array(notificationKindSchema)
  .max(NOTIFICATION_KINDS.length)
  .transform((kinds) => [...new Set(kinds)]);
