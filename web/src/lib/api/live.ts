import {
  type AttendanceList,
  attendanceListSchema,
  type LiveClassView,
  liveClassViewSchema,
  type ScheduleLiveClassBody,
} from "@chalkline/shared";
import { z } from "zod";
import { authed } from "./client";

// Live classes: the scheduled sessions of a class room, and who attended them.
const liveClassListSchema = z.object({ liveClasses: z.array(liveClassViewSchema) });

export const liveApi = {
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
};
