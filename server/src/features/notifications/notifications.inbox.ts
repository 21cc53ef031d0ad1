import { type Notification, notificationSchema } from "@chalkline/shared";
import type { RedisClient } from "../../platform/redis";
import { ADD, READ, READ_ALL, REBUILD, SLICE } from "./notifications.inbox-scripts";
import { notificationsKeys } from "./notifications.keys";
import { NotificationRecord } from "./notifications.model";
import { toNotificationView } from "./notifications.view";

/** How many of a user's newest notifications Redis keeps: every page size the API allows, and one more. */
export const INBOX_WINDOW = 120;
/** An idle user's inbox is dropped; the next read rebuilds it from the database. */
const TTL_SECONDS = 7 * 24 * 3600;

/** Newest-first notifications below a cursor, with the user's unread count. */
export interface InboxSlice {
  unread: number;
  notifications: Notification[];
  /** The window reached its oldest notification and older ones may exist only in the database. */
  cutShort: boolean;
}

type Script = (...keysThenArgs: (string | number)[]) => Promise<unknown>;
interface InboxCommands {
  inboxAdd: Script;
  inboxRead: Script;
  inboxReadAll: Script;
  inboxRebuild: Script;
  inboxSlice: Script;
}

/**
 * Each user's inbox read model in Redis: the newest INBOX_WINDOW notifications as clients see them,
 * which of them are unread, and how many older ones are unread — so the layout's list and unread
 * count read a bounded set of keys instead of the notifications collection, which the embedded store
 * answers by reading it whole. Written right after each database write (the database stays the
 * truth); built from the database when missing (Redis restarted, an idle user), and stored only if
 * no write happened meanwhile (notifications.inbox-scripts.ts). Every node reads the same inbox.
 */
export class NotificationInbox {
  readonly #redis: RedisClient & InboxCommands;

  constructor(
    redis: RedisClient,
    private readonly prefix: string,
  ) {
    const scripts = {
      inboxAdd: ADD,
      inboxRead: READ,
      inboxReadAll: READ_ALL,
      inboxRebuild: REBUILD,
      inboxSlice: SLICE,
    };
    for (const [name, lua] of Object.entries(scripts)) redis.defineCommand(name, { numberOfKeys: 5, lua });
    this.#redis = redis as RedisClient & InboxCommands;
  }

  /** Newly stored notifications of one user. */
  async added(userId: string, notifications: Notification[]): Promise<void> {
    const pairs = notifications.flatMap((n) => [n.id, JSON.stringify(n)]);
    await this.#redis.inboxAdd(...this.#keys(userId), TTL_SECONDS, INBOX_WINDOW, ...pairs);
  }

  /** Notifications marked read in the database. */
  async read(userId: string, ids: string[], readAt: Date): Promise<void> {
    await this.#redis.inboxRead(...this.#keys(userId), TTL_SECONDS, readAt.toISOString(), ...ids);
  }

  /** Every notification up to `cutoffId` marked read in the database. */
  async readAll(userId: string, cutoffId: string, readAt: Date): Promise<void> {
    await this.#redis.inboxReadAll(...this.#keys(userId), TTL_SECONDS, readAt.toISOString(), cutoffId);
  }

  /** Up to `count` notifications older than `cursor` (the newest without one), rebuilding a missing inbox. */
  async slice(userId: string, cursor: string | undefined, count: number): Promise<InboxSlice> {
    const answer = (await this.#redis.inboxSlice(...this.#keys(userId), TTL_SECONDS, cursor ?? "", count)) as
      | [number, number, string[], (string | null)[]]
      | null;
    if (answer === null) return this.#rebuild(userId, cursor, count);
    const [unread, size, , views] = answer;
    const notifications = views.map((view) => {
      // Written with its id in one script, so a missing view is a bug, not a race.
      if (view === null) throw new Error(`notification inbox of ${userId} lost an item`);
      return notificationSchema.parse(JSON.parse(view));
    });
    return { unread, notifications, cutShort: size >= INBOX_WINDOW && notifications.length < count };
  }

  async #rebuild(userId: string, cursor: string | undefined, count: number): Promise<InboxSlice> {
    const changes = (await this.#redis.get(notificationsKeys.changes(this.prefix, userId))) ?? "0";
    const [docs, unread] = await Promise.all([
      NotificationRecord.find({ userId }).sort({ _id: -1 }).limit(INBOX_WINDOW),
      NotificationRecord.countDocuments({ userId, readAt: null }),
    ]);
    const window = docs.map(toNotificationView);
    const olderUnread = Math.max(0, unread - window.filter((n) => n.readAt === null).length);
    const triples = window.flatMap((n) => [n.id, JSON.stringify(n), n.readAt === null ? "1" : "0"]);
    await this.#redis.inboxRebuild(...this.#keys(userId), TTL_SECONDS, changes, olderUnread, ...triples);
    const below = cursor === undefined ? window : window.filter((n) => n.id < cursor);
    const notifications = below.slice(0, count);
    return { unread, notifications, cutShort: window.length >= INBOX_WINDOW && notifications.length < count };
  }

  #keys(userId: string): string[] {
    const k = notificationsKeys;
    const p = this.prefix;
    return [k.changes(p, userId), k.inbox(p, userId), k.order(p, userId), k.items(p, userId), k.unread(p, userId)];
  }
}
