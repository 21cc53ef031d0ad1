import {
  type BreakoutGrid,
  type BreakoutSessionView,
  type BreakoutSnapshot,
  type BreakoutSnapshotSummary,
  breakoutGridSchema,
  breakoutSessionViewSchema,
  breakoutSnapshotSchema,
  breakoutSnapshotSummarySchema,
  type GroupSetView,
  groupSetViewSchema,
  type PlanBreakoutsBody,
} from "@chalkline/shared";
import { z } from "zod";
import { authed } from "./client";

const enc = encodeURIComponent;
const session = { schema: breakoutSessionViewSchema };

// Breakout rooms of a live class: plan, run, move, look at, and what they left behind.
export const breakoutsApi = {
  /** The class's open breakouts (planned, running or ending), or null. */
  current: async (liveClassId: string): Promise<BreakoutSessionView | null> =>
    (
      await authed("GET", `/api/live-classes/${enc(liveClassId)}/breakouts`, {
        schema: z.object({ session: breakoutSessionViewSchema.nullable() }),
      })
    ).session,
  plan: (liveClassId: string, body: PlanBreakoutsBody): Promise<BreakoutSessionView> =>
    authed("PUT", `/api/live-classes/${enc(liveClassId)}/breakouts`, { body, ...session }),
  start: (id: string, durationSeconds: number): Promise<BreakoutSessionView> =>
    authed("POST", `/api/breakouts/${enc(id)}/start`, { body: { durationSeconds }, ...session }),
  extend: (id: string, seconds: number): Promise<BreakoutSessionView> =>
    authed("POST", `/api/breakouts/${enc(id)}/extend`, { body: { seconds }, ...session }),
  end: (id: string): Promise<BreakoutSessionView> => authed("POST", `/api/breakouts/${enc(id)}/end`, session),
  move: (id: string, userId: string, roomKey: string): Promise<BreakoutSessionView> =>
    authed("POST", `/api/breakouts/${enc(id)}/move`, { body: { userId, roomKey }, ...session }),
  choose: (id: string, roomKey: string): Promise<BreakoutSessionView> =>
    authed("POST", `/api/breakouts/${enc(id)}/choose`, { body: { roomKey }, ...session }),
  /** A text, a recorded clip (a `broadcast_audio` upload) or both, to every room. */
  broadcast: async (id: string, body: { text: string; audioUploadId?: string }): Promise<void> => {
    await authed("POST", `/api/breakouts/${enc(id)}/broadcast`, { body });
  },
  grid: (id: string): Promise<BreakoutGrid> =>
    authed("GET", `/api/breakouts/${enc(id)}/grid`, { schema: breakoutGridSchema }),
  snapshots: async (liveClassId: string): Promise<BreakoutSnapshotSummary[]> =>
    (
      await authed("GET", `/api/live-classes/${enc(liveClassId)}/breakout-snapshots`, {
        schema: z.object({ snapshots: z.array(breakoutSnapshotSummarySchema) }),
      })
    ).snapshots,
  snapshot: (id: string): Promise<BreakoutSnapshot> =>
    authed("GET", `/api/breakout-snapshots/${enc(id)}`, { schema: breakoutSnapshotSchema }),
  show: (id: string): Promise<BreakoutSnapshot> =>
    authed("POST", `/api/breakout-snapshots/${enc(id)}/show`, { schema: breakoutSnapshotSchema }),
  groupSets: async (roomId: string): Promise<GroupSetView[]> =>
    (
      await authed("GET", `/api/rooms/${enc(roomId)}/group-sets`, {
        schema: z.object({ groupSets: z.array(groupSetViewSchema) }),
      })
    ).groupSets,
  saveGroupSet: (roomId: string, name: string, groups: Array<{ name: string; memberIds: string[] }>) =>
    authed("POST", `/api/rooms/${enc(roomId)}/group-sets`, { body: { name, groups }, schema: groupSetViewSchema }),
};
