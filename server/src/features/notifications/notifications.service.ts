import type { Notification, NotificationKind, NotificationPage } from "@chalkline/shared";
import type { QueryFilter } from "mongoose";
import { updateInBatches } from "../../platform/mongo";
import { User } from "../accounts/user.model";
import { type NotificationDoc, NotificationRecord } from "./notifications.model";

export interface NewNotification {
  kind: NotificationKind;
  text: string;
  roomId?: string | null;
  messageSeq?: number | null;
  from?: { id: string; displayName: string } | null;
}

/** Delivers a stored notification live to every socket of the user, on every node. */
export type NotificationPush = (userId: string, notification: Notification) => void;

export function toNotificationView(n: NotificationDoc): Notification {
  return {
    id: n.id,
    kind: n.kind,
    text: n.text,
    roomId: n.roomId ? String(n.roomId) : null,
    messageSeq: n.messageSeq ?? null,
    from: n.fromId && n.fromName ? { id: String(n.fromId), displayName: n.fromName } : null,
    readAt: n.readAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  };
}

/** The users among `userIds` who still want notifications of `kind`. */
async function wantedBy(userIds: string[], kind: NotificationKind): Promise<string[]> {
  if (userIds.length === 0) return [];
  const off = await User.find({ _id: { $in: userIds }, notificationsOff: kind }, { _id: 1 }).lean();
  if (off.length === 0) return userIds;
  const refused = new Set(off.map((user) => String(user._id)));
  return userIds.filter((userId) => !refused.has(userId));
}

/** Personal notifications: stored first, then pushed; counted unread until marked read. */
export class NotificationsService {
  constructor(private readonly push: NotificationPush) {}

  /** Stores and pushes one notification to each user who has not switched its kind off on their profile. */
  async notify(userIds: string[], fields: NewNotification): Promise<void> {
    const wanted = await wantedBy(userIds, fields.kind);
    if (wanted.length === 0) return;
    const docs = await NotificationRecord.create(
      wanted.map((userId) => ({
        userId,
        kind: fields.kind,
        text: fields.text,
        roomId: fields.roomId ?? null,
        messageSeq: fields.messageSeq ?? null,
        fromId: fields.from?.id ?? null,
        fromName: fields.from?.displayName ?? null,
      })),
    );
    for (const doc of docs) this.push(String(doc.userId), toNotificationView(doc));
  }

  async list(userId: string, cursor: string | undefined, limit: number): Promise<NotificationPage> {
    const filter: QueryFilter<NotificationDoc> = { userId };
    if (cursor) filter._id = { $lt: cursor };
    const [docs, unread] = await Promise.all([
      NotificationRecord.find(filter)
        .sort({ _id: -1 })
        .limit(limit + 1),
      this.unread(userId),
    ]);
    const page = docs.slice(0, limit);
    return {
      notifications: page.map(toNotificationView),
      unread,
      nextCursor: docs.length > limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  async markRead(userId: string, ids: string[] | "all"): Promise<{ unread: number }> {
    const filter: QueryFilter<NotificationDoc> = { userId, readAt: null };
    if (ids !== "all") filter._id = { $in: ids };
    await updateInBatches(NotificationRecord, filter, { $set: { readAt: new Date() } });
    return { unread: await this.unread(userId) };
  }

  unread(userId: string): Promise<number> {
    return NotificationRecord.countDocuments({ userId, readAt: null });
  }
}
