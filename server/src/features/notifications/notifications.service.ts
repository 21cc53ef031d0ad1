import type { Notification, NotificationKind, NotificationPage, Wording } from "@chalkline/shared";
import mongoose, { type QueryFilter } from "mongoose";
import { updateInBatches } from "../../platform/mongo";
import type { RedisClient } from "../../platform/redis";
import { User } from "../accounts/user.model";
import { NotificationInbox } from "./notifications.inbox";
import { type NotificationDoc, NotificationRecord } from "./notifications.model";
import { toNotificationView } from "./notifications.view";

export interface NewNotification {
  kind: NotificationKind;
  /** In English, for mail and older clients. */
  text: string;
  /** The same sentence as a message id of the app's `notifications.text` messages and its values. */
  wording: Wording;
  roomId?: string | null;
  messageSeq?: number | null;
  from?: { id: string; displayName: string } | null;
}

/** Delivers a stored notification live to every socket of the user, on every node. */
export type NotificationPush = (userId: string, notification: Notification) => void;

/** The users among `userIds` who still want notifications of `kind`. */
async function wantedBy(userIds: string[], kind: NotificationKind): Promise<string[]> {
  if (userIds.length === 0) return [];
  const off = await User.find({ _id: { $in: userIds }, notificationsOff: kind }, { _id: 1 }).lean();
  if (off.length === 0) return userIds;
  const refused = new Set(off.map((user) => String(user._id)));
  return userIds.filter((userId) => !refused.has(userId));
}

/**
 * Personal notifications: stored first, then added to the inbox read model, then pushed; counted
 * unread until marked read. Lists and counts read the inbox (notifications.inbox.ts); only pages
 * older than its window read the collection.
 */
export class NotificationsService {
  readonly #inbox: NotificationInbox;

  constructor(
    redis: RedisClient,
    prefix: string,
    private readonly push: NotificationPush,
  ) {
    this.#inbox = new NotificationInbox(redis, prefix);
  }

  /** Stores and pushes one notification to each user who has not switched its kind off on their profile. */
  async notify(userIds: string[], fields: NewNotification): Promise<void> {
    const wanted = await wantedBy(userIds, fields.kind);
    if (wanted.length === 0) return;
    const docs = await NotificationRecord.create(
      wanted.map((userId) => ({
        userId,
        kind: fields.kind,
        text: fields.text,
        wording: fields.wording,
        roomId: fields.roomId ?? null,
        messageSeq: fields.messageSeq ?? null,
        fromId: fields.from?.id ?? null,
        fromName: fields.from?.displayName ?? null,
      })),
    );
    const byUser = new Map<string, Notification[]>();
    for (const doc of docs) {
      const userId = String(doc.userId);
      byUser.set(userId, [...(byUser.get(userId) ?? []), toNotificationView(doc)]);
    }
    await Promise.all([...byUser].map(([userId, views]) => this.#inbox.added(userId, views)));
    for (const [userId, views] of byUser) for (const view of views) this.push(userId, view);
  }

  async list(userId: string, cursor: string | undefined, limit: number): Promise<NotificationPage> {
    // One more than the page, to tell whether another follows.
    const slice = await this.#inbox.slice(userId, cursor, limit + 1);
    const docs = slice.cutShort ? (await this.#olderPage(userId, cursor, limit + 1)).map(toNotificationView) : null;
    const found = docs ?? slice.notifications;
    const page = found.slice(0, limit);
    return {
      notifications: page,
      unread: slice.unread,
      nextCursor: found.length > limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  async markRead(userId: string, ids: string[] | "all"): Promise<{ unread: number }> {
    const readAt = new Date();
    if (ids === "all") {
      // Everything created up to the end of this second is read; later ones stay unread, in the
      // database and the inbox alike. Ids made by other nodes in the same second are not ordered
      // against one made here (their middle bytes are per process), so the cutoff is the first
      // possible id of the next second rather than a fresh id.
      const cutoff = mongoose.Types.ObjectId.createFromTime(Math.floor(Date.now() / 1000) + 1);
      const filter: QueryFilter<NotificationDoc> = { userId, readAt: null, _id: { $lte: cutoff } };
      await updateInBatches(NotificationRecord, filter, { $set: { readAt } });
      await this.#inbox.readAll(userId, cutoff.toHexString(), readAt);
    } else {
      await updateInBatches(NotificationRecord, { userId, readAt: null, _id: { $in: ids } }, { $set: { readAt } });
      await this.#inbox.read(userId, ids, readAt);
    }
    return { unread: await this.unread(userId) };
  }

  async unread(userId: string): Promise<number> {
    return (await this.#inbox.slice(userId, undefined, 0)).unread;
  }

  /** A page older than the inbox keeps, from the collection. */
  #olderPage(userId: string, cursor: string | undefined, count: number): Promise<NotificationDoc[]> {
    const filter: QueryFilter<NotificationDoc> = { userId };
    if (cursor) filter._id = { $lt: cursor };
    return NotificationRecord.find(filter).sort({ _id: -1 }).limit(count);
  }
}
