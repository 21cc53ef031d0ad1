import {
  type AttendanceList,
  attendanceListSchema,
  type ClassPolls,
  classPollsSchema,
  type LiveClassView,
  liveClassViewSchema,
  type ScheduleLiveClassBody,
  type UpcomingClassList,
  upcomingClassListSchema,
} from "@chalkline/shared";
import { z } from "zod";
import { authed } from "./client";

// Live classes: the scheduled sessions of a class room, and who attended them.
const liveClassListSchema = z.object({ liveClasses: z.array(liveClassViewSchema) });

export const liveApi = {
  /** The caller's classes live now or still to come, in every class room they belong to, soonest first. */
  upcoming: async (): Promise<UpcomingClassList["liveClasses"]> =>
    (await authed("GET", "/api/me/live-classes", { schema: upcomingClassListSchema })).liveClasses,
  /** The room's classes, newest first. */
  listClasses: async (roomId: string): Promise<LiveClassView[]> =>
    (await authed("GET", `/api/rooms/${encodeURIComponent(roomId)}/live-classes`, { schema: liveClassListSchema }))
      .liveClasses,
  /** The class room's instructor or an admin. */
  scheduleClass: (roomId: string, body: ScheduleLiveClassBody): Promise<LiveClassView> =>
    authed("POST", `/api/rooms/${encodeURIComponent(roomId)}/live-classes`, { body, schema: liveClassViewSchema }),
  /** The class room's instructor or an admin. */
  attendance: (liveClassId: string): Promise<AttendanceList> =>
    authed("GET", `/api/live-classes/${encodeURIComponent(liveClassId)}/attendance`, { schema: attendanceListSchema }),
  /** A class's closed polls and their results (names only for its instructors). */
  polls: (liveClassId: string): Promise<ClassPolls> =>
    authed("GET", `/api/live-classes/${encodeURIComponent(liveClassId)}/polls`, { schema: classPollsSchema }),
};
