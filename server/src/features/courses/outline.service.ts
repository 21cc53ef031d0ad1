import { MAX_LESSONS_PER_MODULE, MAX_MODULES, type OutlineBody } from "@chalkline/shared";
import mongoose from "mongoose";
import { AppError } from "../../platform/errors";
import type { Actor } from "../rooms/rooms.access";
import { courseForEditor } from "./courses.access";
import type { CourseDoc } from "./courses.model";
import { findModule, lessonIdsOf } from "./courses.outline";

const OUTLINE_SAVE_TRIES = 3;

/**
 * Applies `change` to a fresh copy of the course and saves it if nobody saved in between; retried
 * a few times on a concurrent save, then answered `conflict`. `change` may throw to refuse.
 */
export async function editOutline(
  courseId: string,
  actor: Actor,
  change: (course: CourseDoc) => void,
): Promise<CourseDoc> {
  for (let attempt = 1; ; attempt++) {
    const course = await courseForEditor(courseId, actor);
    change(course);
    try {
      return await course.save();
    } catch (error) {
      if (!(error instanceof mongoose.Error.VersionError)) throw error;
      if (attempt >= OUTLINE_SAVE_TRIES) throw new AppError("conflict", "the course was changed at the same time");
    }
  }
}

export function addModule(actor: Actor, courseId: string, title: string): Promise<CourseDoc> {
  return editOutline(courseId, actor, (course) => {
    if (course.modules.length >= MAX_MODULES)
      throw new AppError("conflict", `a course has at most ${MAX_MODULES} modules`);
    course.modules.push({ title, lessonIds: [] });
  });
}

export function renameModule(actor: Actor, courseId: string, moduleId: string, title: string): Promise<CourseDoc> {
  return editOutline(courseId, actor, (course) => {
    requireModule(course, moduleId).title = title;
  });
}

/** Only an empty module can go, so no lesson disappears with it by accident. */
export function deleteModule(actor: Actor, courseId: string, moduleId: string): Promise<CourseDoc> {
  return editOutline(courseId, actor, (course) => {
    const emptied = requireModule(course, moduleId);
    if (emptied.lessonIds.length > 0) throw new AppError("conflict", "move or delete the module's lessons first");
    course.modules.pull(emptied._id);
  });
}

/** Reorders modules and lessons (lessons may change module); the body must name each exactly once. */
export function reorderOutline(actor: Actor, courseId: string, body: OutlineBody): Promise<CourseDoc> {
  return editOutline(courseId, actor, (course) => {
    const sameSet = (a: string[], b: string[]) =>
      a.length === b.length && [...a].sort().join() === [...b].sort().join();
    const moduleIds = course.modules.map((m) => String(m._id));
    const lessonIds = body.modules.flatMap((m) => m.lessonIds);
    if (
      !sameSet(
        moduleIds,
        body.modules.map((m) => m.id),
      ) ||
      !sameSet(lessonIdsOf(course), lessonIds)
    ) {
      throw new AppError("conflict", "the outline changed; reload and try again");
    }
    if (body.modules.some((m) => m.lessonIds.length > MAX_LESSONS_PER_MODULE)) {
      throw new AppError("invalid_payload", `a module has at most ${MAX_LESSONS_PER_MODULE} lessons`);
    }
    const titles = new Map(course.modules.map((m) => [String(m._id), m.title]));
    course.set(
      "modules",
      body.modules.map((m) => ({ _id: m.id, title: titles.get(m.id), lessonIds: m.lessonIds })),
    );
  });
}

export function requireModule(course: CourseDoc, moduleId: string) {
  const found = findModule(course, moduleId);
  if (!found) throw new AppError("not_found", "no such module");
  return found;
}
