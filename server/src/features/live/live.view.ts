import type { LiveClassView } from "@chalkline/shared";
import type { LiveClassDoc } from "./live.model";

export function toLiveClassView(c: LiveClassDoc): LiveClassView {
  return {
    id: c.id,
    roomId: String(c.roomId),
    courseId: c.courseId ? String(c.courseId) : null,
    title: c.title,
    scheduledAt: c.scheduledAt.toISOString(),
    durationMinutes: c.durationMinutes,
    status: c.status,
    startedAt: c.startedAt?.toISOString() ?? null,
    endedAt: c.endedAt?.toISOString() ?? null,
  };
}
