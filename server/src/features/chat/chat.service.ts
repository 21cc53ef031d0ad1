import type { ChatMessage, MessagePage } from "@chalkline/shared";
import type { QueryFilter } from "mongoose";
import { AppError } from "../../platform/errors";
import type { Logger } from "../../platform/logger";
import type { RedisClient } from "../../platform/redis";
import { countDaily } from "../analytics/analytics.counters";
import { recordAudit } from "../audit/audit.model";
import type { NotificationsService } from "../notifications/notifications.service";
import type { Actor, RoomAccess } from "../rooms/rooms.access";
import { RoomMember } from "../rooms/rooms.model";
import { MessageBuckets } from "./chat.buckets";
import { chatKeys } from "./chat.keys";
import { type MentionLimits, Mentions } from "./chat.mentions";
import { Message, type MessageDoc } from "./chat.model";
import { RecentMessages } from "./chat.recent";
import { RoomSeqWriter } from "./chat.room-seq";
import { ChatSequencer } from "./chat.sequencer";
import { toMessageView } from "./chat.view";

/**
 * Messages: stored before they are acknowledged, numbered 1, 2, 3… per room without gaps (see
 * ChatSequencer), so a reader that holds every seq up to n has every message up to n. Sending,
 * resending and reading recent pages touch Redis and one batched insert, never a query over the
 * room's messages (see RecentMessages).
 */
export class ChatService {
  private readonly sequencer: ChatSequencer;
  private readonly recent: RecentMessages;
  private readonly buckets = new MessageBuckets();
  private readonly mentions: Mentions;
  private readonly roomSeqs: RoomSeqWriter;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly notifications: NotificationsService,
    private readonly logger: Logger,
    mentionLimits: MentionLimits,
  ) {
    this.recent = new RecentMessages(redis, prefix);
    this.mentions = new Mentions(redis, prefix, mentionLimits);
    this.roomSeqs = new RoomSeqWriter(logger);
    this.sequencer = new ChatSequencer(redis, prefix, (roomId, stored) => this.onStored(roomId, stored));
  }

  async send(access: RoomAccess, actor: Actor, clientMsgId: string, text: string): Promise<ChatMessage> {
    const { room, member, canModerate } = access;
    const roomId = room.id;
    const remembered = await this.recent.sent(roomId, actor.id, clientMsgId);
    if (remembered) return remembered;
    if (!canModerate && member?.mutedUntil && member.mutedUntil > new Date()) {
      const retryAfterSeconds = Math.ceil((member.mutedUntil.getTime() - Date.now()) / 1000);
      throw new AppError("muted", "a moderator muted you in this room", { retryAfterSeconds });
    }
    if (!canModerate && room.slowModeSeconds > 0) await this.takeSlowModeTurn(roomId, actor.id, room.slowModeSeconds);

    const mentions = await this.mentions.resolve(room, text, actor.id);
    // A resend that Redis no longer remembers is refused by the unique index and found here.
    const { doc, created } = await this.sequencer.insert(
      roomId,
      { clientMsgId, authorId: actor.id, authorName: actor.displayName, authorRole: actor.role, text, mentions },
      () => Message.findOne({ roomId, authorId: actor.id, clientMsgId }),
    );
    if (created) countDaily({ messages: 1 });
    const notified = created ? await this.mentions.notifiable(actor.id, mentions) : [];
    if (notified.length > 0) {
      await this.notifications.notify(notified, {
        kind: "mention",
        text: `${actor.displayName} mentioned you in ${room.name}: “${text.slice(0, 120)}”`,
        wording: { id: "mention", params: { name: actor.displayName, room: room.name, excerpt: text.slice(0, 120) } },
        roomId,
        messageSeq: doc.seq,
        from: { id: actor.id, displayName: actor.displayName },
      });
    }
    return toMessageView(doc);
  }

  /** Oldest first: the `limit` messages just before `beforeSeq` (or the newest ones). */
  async history(roomId: string, beforeSeq: number | undefined, limit: number): Promise<MessagePage> {
    const upTo = beforeSeq === undefined ? await this.recent.lastSeq(roomId) : beforeSeq - 1;
    if (upTo !== null && upTo > 0) {
      const from = Math.max(1, upTo - limit + 1);
      const cached = await this.recent.range(roomId, from, upTo);
      if (cached) return { messages: cached, hasMore: from > 1 };
      // Older than the window: one or two bucket documents instead of a query over messages.
      const bucketed = beforeSeq === undefined ? null : await this.buckets.range(roomId, from, upTo);
      if (bucketed) return { messages: bucketed, hasMore: from > 1 };
    }
    const filter: QueryFilter<MessageDoc> = { roomId };
    if (beforeSeq !== undefined) filter.seq = { $lt: beforeSeq };
    const docs = await Message.find(filter)
      .sort({ seq: -1 })
      .limit(limit + 1);
    const messages = docs.slice(0, limit).reverse().map(toMessageView);
    await this.recent.refill(roomId, messages);
    return { messages, hasMore: docs.length > limit };
  }

  /** Oldest first: what came after `afterSeq`, for catching up after a reconnect. */
  async since(roomId: string, afterSeq: number, limit: number): Promise<MessagePage> {
    const last = await this.recent.lastSeq(roomId);
    if (last !== null && last >= afterSeq) {
      const upTo = Math.min(last, afterSeq + limit);
      const cached = await this.recent.range(roomId, afterSeq + 1, upTo);
      if (cached) return { messages: cached, hasMore: upTo < last };
    }
    const docs = await Message.find({ roomId, seq: { $gt: afterSeq } })
      .sort({ seq: 1 })
      .limit(limit + 1);
    const messages = docs.slice(0, limit).map(toMessageView);
    await this.recent.refill(roomId, messages);
    return { messages, hasMore: docs.length > limit };
  }

  async edit(access: RoomAccess, actor: Actor, messageId: string, text: string): Promise<ChatMessage> {
    const message = await this.ownMessage(access, messageId);
    if (String(message.authorId) !== actor.id) throw new AppError("forbidden", "you can only edit your own messages");
    if (message.deletedAt) throw new AppError("conflict", "this message was deleted");
    const mentions = await this.mentions.resolve(access.room, text, actor.id);
    return this.update(message, { $set: { text, mentions, editedAt: new Date() } });
  }

  async remove(access: RoomAccess, actor: Actor, messageId: string): Promise<ChatMessage> {
    const message = await this.ownMessage(access, messageId);
    if (String(message.authorId) !== actor.id && !access.canModerate) {
      throw new AppError("forbidden", "you can only delete your own messages");
    }
    if (message.deletedAt) return toMessageView(message);
    if (String(message.authorId) !== actor.id) {
      const details = { roomId: access.room.id, authorId: String(message.authorId) };
      await recordAudit({ actorId: actor.id, action: "chat.message_removed", targetId: messageId, details });
    }
    return this.update(message, { $set: { deletedAt: new Date() } });
  }

  async react(access: RoomAccess, actor: Actor, messageId: string, emoji: string, on: boolean): Promise<ChatMessage> {
    const message = await this.ownMessage(access, messageId);
    if (message.deletedAt) throw new AppError("conflict", "this message was deleted");
    const entry = `${emoji}|${actor.id}`;
    return this.update(message, on ? { $addToSet: { reactions: entry } } : { $pull: { reactions: entry } });
  }

  /** Moves the read marker forward (never back) and returns what is still unread. */
  async markRead(access: RoomAccess, actor: Actor, seq: number): Promise<{ unread: number }> {
    // The cached room's number lags behind batches stored since; the sequencer's is current.
    const last = Math.max(access.room.lastSeq, (await this.recent.lastSeq(access.room.id)) ?? 0);
    const { value: member } = await RoomMember.findOneAndUpdate(
      { roomId: access.room.id, userId: actor.id },
      {
        $max: { lastReadSeq: Math.min(seq, last) },
        $setOnInsert: { moderator: false, removedAt: null, mutedUntil: null },
      },
      // With metadata, the access cache can tell a moved read marker from a new membership.
      { upsert: true, returnDocument: "after", includeResultMetadata: true },
    );
    return { unread: Math.max(0, last - (member?.lastReadSeq ?? 0)) };
  }

  /** Deletes every message so far; the numbers stay, so replicas stay comparable. */
  async clear(access: RoomAccess): Promise<{ clearedUpToSeq: number }> {
    const last = await Message.findOne({ roomId: access.room.id }).sort({ seq: -1 });
    const clearedUpToSeq = last?.seq ?? 0;
    await Message.updateMany(
      { roomId: access.room.id, seq: { $lte: clearedUpToSeq }, deletedAt: null },
      { $set: { deletedAt: new Date() } },
    );
    await this.recent.forget(access.room.id);
    await this.buckets.forget(access.room.id);
    return { clearedUpToSeq };
  }

  private async takeSlowModeTurn(roomId: string, userId: string, seconds: number): Promise<void> {
    const key = chatKeys.slowMode(this.prefix, roomId, userId);
    const taken = await this.redis.set(key, "1", "PX", seconds * 1000, "NX");
    if (taken === "OK") return;
    const ttlMs = await this.redis.pttl(key);
    throw new AppError("slow_mode", `slow mode: one message every ${seconds} s`, {
      retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
    });
  }

  private async ownMessage(access: RoomAccess, messageId: string): Promise<MessageDoc> {
    const message = await Message.findOne({ _id: messageId, roomId: access.room.id });
    if (!message) throw new AppError("not_found", "no such message in this room");
    return message;
  }

  private async update(message: MessageDoc, change: Record<string, unknown>): Promise<ChatMessage> {
    await Message.updateOne({ _id: message._id }, change);
    const fresh = await Message.findById(message._id);
    if (!fresh) throw new AppError("not_found", "the message is gone");
    const view = toMessageView(fresh);
    await this.recent.changed(view);
    await this.buckets.changed(view);
    return view;
  }

  /** A batch is stored: the recent window follows before anyone hears of it, the room's number soon after. */
  private async onStored(roomId: string, stored: MessageDoc[]): Promise<void> {
    this.roomSeqs.advance(roomId, stored.at(-1)!.seq);
    const views = stored.map(toMessageView);
    await this.recent.added(roomId, views).catch((error: unknown) => {
      this.logger.warn({ err: error, roomId }, "could not add stored messages to the room's recent window");
    });
    // Not awaited: senders are answered without waiting on it; a bucket that missed a batch is rebuilt when read.
    this.buckets.added(roomId, views).catch((error: unknown) => {
      this.logger.warn({ err: error, roomId }, "could not fold stored messages into the room's buckets");
    });
  }
}
