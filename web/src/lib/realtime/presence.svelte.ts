/**
 * Who belongs to a room, who is in it now, and who is muted. Members come with `room:join` (the
 * lobby has none: everyone may enter it); presence and mutes then follow the server's pushes.
 */

import type { RoomMember, UserRef } from "@chalkline/shared";

export class RoomPresence {
  members = $state<RoomMember[]>([]);
  online = $state<UserRef[]>([]);
  /** Mute end per user id (ISO time); kept apart from `members` so lobby visitors can be muted too. */
  mutes = $state<Record<string, string>>({});

  /** False in the lobby, where newcomers are visitors rather than members. */
  #tracksMembers = true;

  reset(members: RoomMember[], online: UserRef[], tracksMembers = true): void {
    this.#tracksMembers = tracksMembers;
    this.members = members;
    this.online = online;
    const mutes: Record<string, string> = {};
    for (const member of members) if (member.mutedUntil) mutes[member.user.id] = member.mutedUntil;
    this.mutes = mutes;
  }

  joined(user: UserRef): void {
    if (!this.online.some((known) => known.id === user.id)) this.online.push(user);
    if (this.#tracksMembers && !this.members.some((member) => member.user.id === user.id)) {
      this.members.push({ user, mutedUntil: null, moderator: false });
    }
  }

  left(user: UserRef): void {
    this.online = this.online.filter((known) => known.id !== user.id);
  }

  removed(userId: string): void {
    this.members = this.members.filter((member) => member.user.id !== userId);
    this.online = this.online.filter((known) => known.id !== userId);
  }

  muted(userId: string, mutedUntil: string | null): void {
    if (mutedUntil) this.mutes[userId] = mutedUntil;
    else delete this.mutes[userId];
  }

  /** When the user's mute ends, or null when they may speak. */
  mutedUntil(userId: string | undefined, now = Date.now()): string | null {
    const until = userId ? this.mutes[userId] : undefined;
    return until && Date.parse(until) > now ? until : null;
  }

  isOnline(userId: string): boolean {
    return this.online.some((user) => user.id === userId);
  }

  isModerator(userId: string): boolean {
    return this.members.some((member) => member.user.id === userId && member.moderator);
  }
}
