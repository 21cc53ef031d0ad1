/** A user's inbox keys share the `{userId}` hash tag: its scripts touch them together, on one cluster slot. */
const inboxKey = (prefix: string, userId: string, part: string) => `${prefix}notifications:{${userId}}:${part}`;

export const notificationsKeys = {
  /** Counts every change to a user's notifications, so a rebuild can tell it raced one. */
  changes: (prefix: string, userId: string) => inboxKey(prefix, userId, "changes"),
  /** The inbox's state (`olderUnread`: unread notifications older than the window); present once built. */
  inbox: (prefix: string, userId: string) => inboxKey(prefix, userId, "inbox"),
  /** The window's notification ids, all at score 0 so they sort as `_id` does. */
  order: (prefix: string, userId: string) => inboxKey(prefix, userId, "order"),
  /** The window's notifications as clients see them, by id. */
  items: (prefix: string, userId: string) => inboxKey(prefix, userId, "items"),
  /** The window's unread notification ids. */
  unread: (prefix: string, userId: string) => inboxKey(prefix, userId, "unread"),
};
