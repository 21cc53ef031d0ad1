import { z } from "zod";
import { objectIdSchema } from "./accounts";
import { notificationKindSchema } from "./notification-kinds";
import { wordingSchema } from "./wording";

export const notificationSchema = z.object({
  id: z.string(),
  kind: notificationKindSchema,
  /** In English; `wording` words it in the reader's language (null on notifications stored before it). */
  text: z.string(),
  wording: wordingSchema.nullable(),
  roomId: z.string().nullable(),
  messageSeq: z.number().nullable(),
  from: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationPageSchema = z.object({
  notifications: z.array(notificationSchema),
  unread: z.number(),
  nextCursor: z.string().nullable(),
});
export type NotificationPage = z.infer<typeof notificationPageSchema>;

export const listNotificationsQuerySchema = z.strictObject({
  cursor: objectIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const markNotificationsReadBodySchema = z.union([
  z.strictObject({ ids: z.array(objectIdSchema).min(1).max(100) }),
  z.strictObject({ all: z.literal(true) }),
]);
