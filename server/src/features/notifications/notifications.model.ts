import { NOTIFICATION_KINDS } from "@chalkline/shared";
import mongoose, { type HydratedDocument, type InferSchemaType } from "mongoose";

const notificationSchema = new mongoose.Schema(
  {
    userId: { type: mongoose.Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: NOTIFICATION_KINDS, required: true },
    text: { type: String, required: true },
    /** The text's message id in the app's catalogs and its values. */
    wording: { type: { id: String, params: mongoose.Schema.Types.Mixed }, default: null },
    roomId: { type: mongoose.Schema.Types.ObjectId, default: null },
    messageSeq: { type: Number, default: null },
    fromId: { type: mongoose.Schema.Types.ObjectId, default: null },
    fromName: { type: String, default: null },
    readAt: { type: Date, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
notificationSchema.index({ userId: 1, _id: -1 });
// Unread counts, and marking read page by page.
notificationSchema.index({ userId: 1, readAt: 1, _id: 1 });

export type NotificationDoc = HydratedDocument<InferSchemaType<typeof notificationSchema>>;
export const NotificationRecord = mongoose.model("Notification", notificationSchema, "notifications");
