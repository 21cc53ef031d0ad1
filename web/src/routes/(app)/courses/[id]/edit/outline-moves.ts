import type { ModuleView, OutlineBody } from "@chalkline/shared";

/** The outline as the reorder call takes it. */
export function outlineOf(modules: ModuleView[]): OutlineBody {
  return { modules: modules.map((m) => ({ id: m.id, lessonIds: m.lessons.map((l) => l.id) })) };
}

/** Swaps a module with its neighbour `delta` (-1 up, +1 down) away; null when it cannot move. */
export function moveModule(outline: OutlineBody, moduleId: string, delta: -1 | 1): OutlineBody | null {
  const modules = [...outline.modules];
  const from = modules.findIndex((m) => m.id === moduleId);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= modules.length) return null;
  [modules[from], modules[to]] = [modules[to]!, modules[from]!];
  return { modules };
}

/**
 * Moves a lesson one place up or down; past the top or bottom of its module it crosses into the end
 * of the module before or the start of the module after. Null when there is nowhere to go.
 */
export function moveLesson(outline: OutlineBody, lessonId: string, delta: -1 | 1): OutlineBody | null {
  const modules = outline.modules.map((m) => ({ id: m.id, lessonIds: [...m.lessonIds] }));
  const at = modules.findIndex((m) => m.lessonIds.includes(lessonId));
  if (at < 0) return null;
  const lessons = modules[at]!.lessonIds;
  const index = lessons.indexOf(lessonId);
  const target = index + delta;
  if (target >= 0 && target < lessons.length) {
    [lessons[index], lessons[target]] = [lessons[target]!, lessons[index]!];
    return { modules };
  }
  const neighbour = modules[at + delta];
  if (!neighbour) return null;
  lessons.splice(index, 1);
  if (delta < 0) neighbour.lessonIds.push(lessonId);
  else neighbour.lessonIds.unshift(lessonId);
  return { modules };
}
