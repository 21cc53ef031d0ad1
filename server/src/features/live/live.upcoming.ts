import type { UpcomingClassList } from "@chalkline/shared";
import { Room, RoomMember } from "../rooms/rooms.model";
import { LiveClass } from "./live.model";
import { toLiveClassView } from "./live.view";

/** Classes listed at most: the dashboard's "Coming up" shows the next few. */
const MAX_UPCOMING = 5;

/**
 * The classes a user can go to next: live now or scheduled and not yet over, in the class rooms
 * they belong to, soonest first. A scheduled class still counts while its planned time runs, so a
 * late start keeps it on the list.
 */
export async function upcomingClasses(userId: string, now = new Date()): Promise<UpcomingClassList> {
  const memberships = await RoomMember.find({ userId, removedAt: null }, { roomId: 1 });
  const rooms = await Room.find({ _id: { $in: memberships.map((m) => m.roomId) }, kind: "class" }, { name: 1 });
  const names = new Map(rooms.map((r) => [r.id as string, r.name]));
  // No class is planned longer than a day: anything that started before then is over.
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const found = await LiveClass.find({
    roomId: { $in: rooms.map((r) => r._id) },
    status: { $in: ["scheduled", "live"] },
    scheduledAt: { $gte: dayAgo },
  })
    .sort({ scheduledAt: 1 })
    .limit(50);
  const liveClasses = found
    .filter((c) => c.status === "live" || c.scheduledAt.getTime() + c.durationMinutes * 60_000 > now.getTime())
    .slice(0, MAX_UPCOMING)
    .map((c) => ({ ...toLiveClassView(c), roomName: names.get(String(c.roomId)) ?? "" }));
  return { liveClasses };
}
