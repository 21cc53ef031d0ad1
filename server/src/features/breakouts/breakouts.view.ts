import type {
  BreakoutSessionView,
  BreakoutSnapshot,
  BreakoutSnapshotSummary,
  BreakoutTemplate,
  CodeLanguage,
  GroupSetView,
  Shape,
} from "@chalkline/shared";
import type { BreakoutSessionDoc, BreakoutSnapshotFields, GroupSetDoc } from "./breakouts.model";

const idOrNull = (id: unknown) => (id ? String(id) : null);

export function assignmentsOf(session: BreakoutSessionDoc): Map<string, string> {
  return session.assignments as Map<string, string>;
}

export function toSessionView(s: BreakoutSessionDoc): BreakoutSessionView {
  const assignments = [...assignmentsOf(s)];
  return {
    id: s.id,
    liveClassId: String(s.liveClassId),
    roomId: String(s.mainRoomId),
    status: s.status,
    learnersChoose: s.learnersChoose,
    template: s.template as BreakoutTemplate,
    rooms: s.rooms.map((r) => ({
      key: r.key,
      name: r.name,
      roomId: idOrNull(r.roomId),
      codeDocId: idOrNull(r.codeDocId),
      boardDocId: idOrNull(r.boardDocId),
      memberIds: assignments.filter(([, key]) => key === r.key).map(([userId]) => userId),
    })),
    startedAt: s.startedAt?.toISOString() ?? null,
    endsAt: s.endsAt?.toISOString() ?? null,
    endedAt: s.endedAt?.toISOString() ?? null,
    serverNow: new Date().toISOString(),
  };
}

export function toSnapshotSummary(
  s: Pick<BreakoutSnapshotFields, "_id" | "sessionId" | "name" | "memberIds" | "harvestedAt">,
): BreakoutSnapshotSummary {
  return {
    id: s._id,
    sessionId: String(s.sessionId),
    name: s.name,
    memberIds: s.memberIds,
    harvestedAt: s.harvestedAt.toISOString(),
  };
}

export function toSnapshotView(s: BreakoutSnapshotFields): BreakoutSnapshot {
  return {
    ...toSnapshotSummary(s),
    liveClassId: String(s.liveClassId),
    roomId: String(s.roomId),
    code: { name: s.code!.name, language: s.code!.language as CodeLanguage, text: s.code!.text },
    board: { shapes: s.shapes as Shape[] },
    chat: s.chat.map((line) => ({
      seq: line.seq ?? 0,
      author: { id: line.authorId ?? "", displayName: line.authorName ?? "" },
      text: line.text ?? "",
      at: (line.at ?? s.harvestedAt).toISOString(),
    })),
  };
}

export function toGroupSetView(g: GroupSetDoc): GroupSetView {
  return {
    id: g.id,
    courseId: idOrNull(g.courseId),
    roomId: String(g.roomId),
    name: g.name,
    groups: g.groups.map((group) => ({ name: group.name ?? "", memberIds: group.memberIds })),
    createdAt: g.createdAt.toISOString(),
  };
}
