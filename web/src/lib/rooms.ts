import type { RoomKind, RoomView } from "@chalkline/shared";

export const ROOM_KIND_LABELS: Record<RoomKind, string> = {
  lobby: "Lobby",
  class: "Class",
  study: "Study room",
  dm: "Direct message",
  breakout: "Breakout room",
};

/** A direct-message room is named after the other person. */
export function roomTitle(room: RoomView): string {
  return room.kind === "dm" && room.peer ? room.peer.displayName : room.name;
}

/** The link that lets someone join a study room by its invite code. */
export function inviteLink(code: string, origin = location.origin): string {
  return `${origin}/rooms/join/${encodeURIComponent(code)}`;
}
