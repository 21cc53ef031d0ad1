import {
  DEFAULT_FOCUS_SETTINGS,
  type FocusSettings,
  MAX_PLANNED_SLOTS,
  MAX_SUBJECTS,
  type PlannedSlotBody,
  type PlannedSlotView,
  type SubjectBody,
  type SubjectView,
} from "@chalkline/shared";
import mongoose from "mongoose";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import { Course, Enrollment } from "../courses/courses.model";
import { StudyPlan, type StudyPlanDoc } from "./study.model";

const { ObjectId } = mongoose.Types;

async function planOf(userId: string): Promise<StudyPlanDoc | null> {
  return StudyPlan.findById(userId).lean<StudyPlanDoc>();
}

/** Enrolled courses, each a subject of its own whose goal lives in the plan's `courseGoals`. */
async function courseSubjects(userId: string, plan: StudyPlanDoc | null): Promise<SubjectView[]> {
  const enrollments = await Enrollment.find({ userId }, { courseId: 1 }).lean();
  if (enrollments.length === 0) return [];
  const courses = await Course.find({ _id: { $in: enrollments.map((e) => e.courseId) } }, { title: 1 }).lean();
  const goals = plan?.courseGoals as unknown as Record<string, number> | undefined;
  return courses.map((c) => ({
    id: String(c._id),
    name: c.title,
    courseId: String(c._id),
    weeklyGoalMinutes: goals?.[String(c._id)] ?? 0,
  }));
}

/**
 * Appends to one of the plan's lists unless it holds `max` already: one conditional upsert, so two
 * additions at once cannot pass the limit.
 */
async function pushBounded(userId: string, field: "subjects" | "slots", max: number, value: object): Promise<void> {
  try {
    const result = await StudyPlan.updateOne(
      { _id: userId, [`${field}.${max - 1}`]: { $exists: false } },
      { $push: { [field]: value } },
      { upsert: true },
    );
    if (result.matchedCount + result.upsertedCount > 0) return;
  } catch (error) {
    // The upsert met the full plan: its filter missed the existing document.
    if ((error as { code?: number }).code !== 11000) throw error;
  }
  throw new AppError("limit_reached", `at most ${max} ${field}`);
}

const slotView = (s: StudyPlanDoc["slots"][number]): PlannedSlotView => ({
  id: String(s._id),
  subjectId: String(s.subjectId),
  weekday: s.weekday,
  startMinute: s.startMinute,
  durationMinutes: s.durationMinutes,
});

/** Subjects, weekly goals, planned weekly slots and timer lengths of one learner. */
export class StudyPlans {
  async subjects(userId: string): Promise<SubjectView[]> {
    const plan = await planOf(userId);
    const own = (plan?.subjects ?? []).map((s) => ({
      id: String(s._id),
      name: s.name,
      courseId: null,
      weeklyGoalMinutes: s.weeklyGoalMinutes,
    }));
    return [...own, ...(await courseSubjects(userId, plan))];
  }

  /** The subject, or `not_found`: a learner studies only their own subjects and enrolled courses. */
  async assertSubject(userId: string, subjectId: string): Promise<SubjectView> {
    const subject = (await this.subjects(userId)).find((s) => s.id === subjectId);
    if (!subject) throw new AppError("not_found", "no such subject");
    return subject;
  }

  async addSubject(userId: string, body: SubjectBody): Promise<SubjectView> {
    const id = new ObjectId();
    await pushBounded(userId, "subjects", MAX_SUBJECTS, { _id: id, ...body });
    return { id: String(id), courseId: null, ...body };
  }

  async setWeeklyGoal(userId: string, subjectId: string, weeklyGoalMinutes: number): Promise<SubjectView> {
    const subject = await this.assertSubject(userId, subjectId);
    if (subject.courseId) {
      await StudyPlan.updateOne(
        { _id: userId },
        { $set: { [`courseGoals.${subjectId}`]: weeklyGoalMinutes } },
        { upsert: true },
      );
    } else {
      await StudyPlan.updateOne(
        { _id: userId, "subjects._id": subjectId },
        { $set: { "subjects.$.weeklyGoalMinutes": weeklyGoalMinutes } },
      );
    }
    return { ...subject, weeklyGoalMinutes };
  }

  /**
   * The subject a study room's shared timer counts a member's focus under. A room of a course counts
   * under that course, which is the member's subject when they are enrolled in it. Otherwise the
   * member gets a subject of their own named after the room, with the room's id as its id: naming it
   * by the room keeps it recognisable in their charts, and the fixed id makes creating it
   * idempotent (once it exists the push's filter matches nothing, and the upsert that follows meets
   * the plan's `_id`). It is not refused at MAX_SUBJECTS: the minutes were studied and belong to a
   * named subject, and the rooms one learner focuses in are few.
   */
  async roomSubject(userId: string, room: { id: string; name: string; courseId: string | null }): Promise<string> {
    if (room.courseId && (await Enrollment.exists({ userId, courseId: room.courseId }))) return room.courseId;
    const subjectId = new ObjectId(room.id);
    try {
      await StudyPlan.updateOne(
        { _id: userId, "subjects._id": { $ne: subjectId } },
        { $push: { subjects: { _id: subjectId, name: room.name, weeklyGoalMinutes: 0 } } },
        { upsert: true },
      );
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    return room.id;
  }

  async removeSubject(userId: string, subjectId: string): Promise<void> {
    await StudyPlan.updateOne(
      { _id: userId },
      { $pull: { subjects: { _id: subjectId }, slots: { subjectId: new ObjectId(subjectId) } } },
    );
  }

  async slots(userId: string): Promise<PlannedSlotView[]> {
    return ((await planOf(userId))?.slots ?? []).map(slotView);
  }

  async addSlot(userId: string, body: PlannedSlotBody): Promise<PlannedSlotView> {
    await this.assertSubject(userId, body.subjectId);
    const id = new ObjectId();
    await pushBounded(userId, "slots", MAX_PLANNED_SLOTS, {
      _id: id,
      ...body,
      subjectId: new ObjectId(body.subjectId),
    });
    return { id: String(id), ...body };
  }

  async removeSlot(userId: string, slotId: string): Promise<void> {
    await StudyPlan.updateOne({ _id: userId }, { $pull: { slots: { _id: new ObjectId(slotId) } } });
  }

  async settings(userId: string): Promise<FocusSettings> {
    const stored = (await planOf(userId))?.settings;
    return stored ? { ...DEFAULT_FOCUS_SETTINGS, ...(stored as Partial<FocusSettings>) } : DEFAULT_FOCUS_SETTINGS;
  }

  async setSettings(userId: string, settings: FocusSettings): Promise<FocusSettings> {
    await StudyPlan.updateOne({ _id: userId }, { $set: { settings } }, { upsert: true });
    return settings;
  }
}
