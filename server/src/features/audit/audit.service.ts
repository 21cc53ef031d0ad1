import type { AuditPage, AuditQuery } from "@chalkline/shared";
import { csvLine } from "../../platform/csv";
import { escapeRegex } from "../../platform/mongo";
import { User } from "../accounts/user.model";
import { AuditEntry } from "./audit.model";

/** The most rows one CSV export holds; narrow the filters for more. */
export const MAX_CSV_ROWS = 10_000;
const CSV_PAGE = 200;
type AuditFilter = Omit<AuditQuery, "cursor" | "limit">;

/** Audit entries newest first, filtered by actor, action (exact, or a family ending in "."), target and time. */
export async function auditPage(query: AuditQuery): Promise<AuditPage> {
  const filter = filterOf(query);
  if (query.cursor) filter._id = { $lt: query.cursor };
  const docs = await AuditEntry.find(filter)
    .sort({ _id: -1 })
    .limit(query.limit + 1)
    .lean();
  const page = docs.slice(0, query.limit);
  const names = await actorNames(page.map((d) => d.actorId));
  return {
    entries: page.map((d) => ({
      id: String(d._id),
      at: d.createdAt.toISOString(),
      actorId: d.actorId ? String(d.actorId) : null,
      actorName: d.actorId ? (names.get(String(d.actorId)) ?? null) : null,
      action: d.action,
      targetId: d.targetId,
      details: (d.details ?? {}) as Record<string, unknown>,
    })),
    nextCursor: docs.length > query.limit ? String(page.at(-1)!._id) : null,
  };
}

/** The filtered entries as CSV (RFC 4180), a page at a time, at most MAX_CSV_ROWS rows. */
export async function* auditCsv(query: AuditFilter): AsyncGenerator<string> {
  yield csvLine(["at", "actor_id", "actor_name", "action", "target_id", "details"]);
  let cursor: string | undefined;
  for (let rows = 0; rows < MAX_CSV_ROWS; ) {
    const page = await auditPage({ ...query, cursor, limit: Math.min(CSV_PAGE, MAX_CSV_ROWS - rows) });
    for (const e of page.entries) {
      yield csvLine([e.at, e.actorId ?? "", e.actorName ?? "", e.action, e.targetId, JSON.stringify(e.details)]);
    }
    rows += page.entries.length;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

function filterOf(query: AuditFilter): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (query.actorId) filter.actorId = query.actorId;
  if (query.action) {
    filter.action = query.action.endsWith(".") ? new RegExp(`^${escapeRegex(query.action)}`) : query.action;
  }
  if (query.targetId) filter.targetId = query.targetId;
  if (query.since || query.until) {
    filter.createdAt = {
      ...(query.since && { $gte: new Date(query.since) }),
      ...(query.until && { $lt: new Date(query.until) }),
    };
  }
  return filter;
}

async function actorNames(ids: Array<unknown>): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter(Boolean).map(String))];
  if (unique.length === 0) return new Map();
  const users = await User.find({ _id: { $in: unique } }, { displayName: 1 }).lean();
  return new Map(users.map((u) => [String(u._id), u.displayName]));
}
