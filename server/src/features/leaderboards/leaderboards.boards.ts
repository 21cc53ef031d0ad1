import {
  type BoardPeriod,
  type BoardRef,
  type BoardScope,
  boardPeriodSchema,
  boardScopeSchema,
  type PeriodKeys,
  periodKeys,
  periodOverEverywhere,
} from "@chalkline/shared";
import { z } from "zod";

/** One concrete board: a scope and one period of it, e.g. class X in week 2026-W49. */
export interface BoardId {
  scope: BoardScope;
  scopeId: string | null;
  period: BoardPeriod;
  /** "2026-W49", "2026-12" or "all". */
  periodKey: string;
}

/** Week boards outlive their week by this much: "most improved" needs last week, personal bests twelve. */
const WEEK_BOARD_KEPT_MS = 13 * 7 * 86_400_000;
const MONTH_BOARD_KEPT_MS = 400 * 86_400_000;

/** The board's name: the suffix of its Redis key and Socket.IO room, and what change messages carry. */
export function boardName(board: BoardId): string {
  return `${board.scope}:${board.scopeId ?? "-"}:${board.period}:${board.periodKey}`;
}

/** Every board of one scope (one class room's, one course's): each period, each period key. */
export function boardScope(board: Pick<BoardId, "scope" | "scopeId">): string {
  return `${board.scope}:${board.scopeId ?? "-"}:`;
}

/** Boards sharing scope and period but not period key (last week's and this week's). */
export function boardFamily(board: Omit<BoardId, "periodKey">): string {
  return `${boardScope(board)}${board.period}:`;
}

/** The period key of `period` in `keys`: boards of all time have one key, "all". */
function keyOf(period: BoardPeriod, keys: Pick<PeriodKeys, "week" | "month">): string {
  return period === "all" ? "all" : keys[period];
}

/**
 * The boards an XP entry counts on: global, its course and its class room (when it has them),
 * each for its week, its month (on the learner's calendar when it was earned) and all time.
 */
export function boardsOf(entry: {
  courseId?: unknown;
  roomId?: unknown;
  period: Pick<PeriodKeys, "week" | "month">;
}): BoardId[] {
  const scopes: Array<[BoardScope, string | null]> = [["global", null]];
  if (entry.courseId) scopes.push(["course", String(entry.courseId)]);
  if (entry.roomId) scopes.push(["class", String(entry.roomId)]);
  return scopes.flatMap(([scope, scopeId]) =>
    (["week", "month", "all"] as const).map((period) => ({
      scope,
      scopeId,
      period,
      periodKey: keyOf(period, entry.period),
    })),
  );
}

/** When a board's key expires, in Unix seconds; 0 for boards kept for ever. */
export function boardExpiresAt(board: BoardId): number {
  if (board.period === "all") return 0;
  const kept = board.period === "week" ? WEEK_BOARD_KEPT_MS : MONTH_BOARD_KEPT_MS;
  return Math.floor((periodOverEverywhere(board.period, board.periodKey).getTime() + kept) / 1000);
}

/** The board a viewer means by `ref`: this week and this month are read on the viewer's calendar. */
export function resolveBoard(ref: BoardRef, now: Date, timeZone: string): BoardId {
  return {
    scope: ref.scope,
    scopeId: ref.scope === "global" ? null : (ref.scopeId ?? null),
    period: ref.period,
    periodKey: keyOf(ref.period, periodKeys(now, timeZone)),
  };
}

const boardNameSchema = z.tuple([
  boardScopeSchema,
  z.string().max(40),
  boardPeriodSchema,
  z.string().regex(/^(all|\d{4}-W\d{2}|\d{4}-\d{2})$/),
]);

/** Reads a board name back (from a change message: checked, since it crossed Redis). */
export function parseBoardName(name: string): BoardId {
  const [scope, scopeId, period, periodKey] = boardNameSchema.parse(name.split(":"));
  return { scope, scopeId: scopeId === "-" ? null : scopeId, period, periodKey };
}
