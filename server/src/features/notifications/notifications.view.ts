import type { Notification, WordingParams } from "@chalkline/shared";
import type { NotificationDoc } from "./notifications.model";

export function toNotificationView(n: NotificationDoc): Notification {
  return {
    id: n.id,
    kind: n.kind,
    text: n.text,
    wording: n.wording?.id ? { id: n.wording.id, params: (n.wording.params ?? {}) as WordingParams } : null,
    roomId: n.roomId ? String(n.roomId) : null,
    messageSeq: n.messageSeq ?? null,
    from: n.fromId && n.fromName ? { id: String(n.fromId), displayName: n.fromName } : null,
    readAt: n.readAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  };
}
