import type { RoomKind, RoomView } from "@chalkline/shared";
import { translate } from "$lib/i18n";

const ROOM_KIND_MESSAGES: Record<RoomKind, string> = {
  lobby: "rooms.kind.lobby",
  class: "rooms.kind.class",
  study: "rooms.kind.study",
  dm: "rooms.kind.dm",
  breakout: "rooms.kind.breakout",
};

/** What kind of room this is, in the language pages are in now. */
export function roomKindLabel(kind: RoomKind): string {
  return translate(ROOM_KIND_MESSAGES[kind]);
}

/** A direct-message room is named after the other person; the school's one lobby in the page's language. */
export function roomTitle(room: RoomView): string {
  if (room.kind === "lobby") return roomKindLabel("lobby");
  return room.kind === "dm" && room.peer ? room.peer.displayName : room.name;
}

/** The link that lets someone join a study room by its invite code. */
export function inviteLink(code: string, origin = location.origin): string {
  return `${origin}/rooms/join/${encodeURIComponent(code)}`;
}
