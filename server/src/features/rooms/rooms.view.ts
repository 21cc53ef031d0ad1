import type { RoomMember as RoomMemberView, RoomView, UserRef } from "@chalkline/shared";
import { User } from "../accounts/user.model";
import type { RoomDoc, RoomMemberDoc } from "./rooms.model";

export function toRoomView(
  room: RoomDoc,
  member: RoomMemberDoc | null,
  opts: { canModerate: boolean; peer?: UserRef | null },
): RoomView {
  return {
    id: room.id,
    kind: room.kind,
    name: room.name,
    courseId: room.courseId ? String(room.courseId) : null,
    ownerId: room.ownerId ? String(room.ownerId) : null,
    memberLimit: room.memberLimit ?? null,
    inviteCode: room.kind === "study" && member ? room.inviteCode : null,
    locked: room.locked,
    slowModeSeconds: room.slowModeSeconds,
    lastSeq: room.lastSeq,
    // Without a membership (a lobby never opened, an admin visiting) nothing was missed: unread starts at joining.
    unread: member ? Math.max(0, room.lastSeq - member.lastReadSeq) : 0,
    canModerate: opts.canModerate,
    peer: opts.peer ?? null,
  };
}

/** Display names and roles for a set of user ids, in one query. */
export async function userRefs(ids: Iterable<string>): Promise<Map<string, UserRef>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const users = await User.find({ _id: { $in: unique } }, { displayName: 1, role: 1 });
  return new Map(users.map((u) => [u.id, { id: u.id, displayName: u.displayName, role: u.role }]));
}

export function toMemberViews(
  members: RoomMemberDoc[],
  refs: Map<string, UserRef>,
  now = new Date(),
): RoomMemberView[] {
  return members.flatMap((m) => {
    const user = refs.get(String(m.userId));
    if (!user) return [];
    const muted = m.mutedUntil && m.mutedUntil > now ? m.mutedUntil.toISOString() : null;
    return [{ user, mutedUntil: muted, moderator: m.moderator }];
  });
}
