import { ALERT_RULE_LABELS } from "@chalkline/shared";
import { isDuplicateKey } from "../../platform/mongo";
import type { RedisClient } from "../../platform/redis";
import { User } from "../accounts/user.model";
import { Course, Enrollment } from "../courses/courses.model";
import { GuardianLink } from "../guardians/links.model";
import type { NotificationsService } from "../notifications/notifications.service";
import { type Draft, noProgress, repeatedFailures, type Scope, streakBroken } from "./alerts.service";
import { studyKeys } from "./study.keys";
import { AlertDismissal, AlertNotice } from "./study.model";

export interface AlertNoticeSettings {
  /** How often the sweep for `no_progress` and `streak_broken` runs, over the whole cluster. */
  sweepMs: number;
  nodeId: string;
  onError: (error: unknown) => void;
}

/** A learner's alerts about every course: who is told is decided per viewer below. */
const everyCourse = (learnerId: string): Scope => ({ learnerIds: [learnerId], courseIds: null });

/**
 * Who sees an alert, as `StudyAlerts.forViewer` decides it: the learner's guardians, and the
 * instructor of its course (of each course the learner is enrolled in when the alert names none).
 */
async function viewersOf(draft: Draft): Promise<string[]> {
  const guardians = await GuardianLink.find({ learnerId: draft.learnerId }, { guardianId: 1 }).lean();
  const courseIds = draft.courseId
    ? [draft.courseId]
    : (await Enrollment.find({ userId: draft.learnerId }, { courseId: 1 }).lean()).map((e) => e.courseId);
  const courses = await Course.find({ _id: { $in: courseIds } }, { instructorId: 1 }).lean();
  return [...new Set([...guardians.map((g) => String(g.guardianId)), ...courses.map((c) => String(c.instructorId))])];
}

/** True for the one caller that claims telling `viewerId` about `alertId`. */
async function claim(viewerId: string, alertId: string): Promise<boolean> {
  const id = `${viewerId}:${alertId}`;
  // An alert the viewer already dismissed from the list is not news to them.
  if (await AlertDismissal.exists({ _id: id })) return false;
  try {
    await AlertNotice.create({ _id: id });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/**
 * Sends struggling-learner alerts to the instructors and guardians who would see them in their list,
 * as `study_alert` notifications (so each recipient's switch for that kind is honoured), each alert
 * once per viewer whichever node or trigger finds it first. A failed quiz attempt looks for
 * `repeated_failures` at once; `no_progress` and `streak_broken` come from a sweep that one node at
 * a time runs per interval. A node dying between a claim and its send loses that notice rather than
 * risking it twice.
 */
export class StudyAlertNotices {
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<unknown> | null = null;

  private constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly notifications: NotificationsService,
    private readonly settings: AlertNoticeSettings,
  ) {}

  /** Tries to sweep at once and every `sweepMs`. */
  static start(
    redis: RedisClient,
    prefix: string,
    notifications: NotificationsService,
    settings: AlertNoticeSettings,
  ): StudyAlertNotices {
    const notices = new StudyAlertNotices(redis, prefix, notifications, settings);
    notices.#tick();
    notices.#timer = setInterval(() => notices.#tick(), settings.sweepMs);
    notices.#timer.unref();
    return notices;
  }

  /** A learner failed a quiz attempt: tells a `repeated_failures` alert it makes. */
  async afterFailedAttempt(learnerId: string): Promise<void> {
    await this.#tell(await repeatedFailures(learnerId, everyCourse(learnerId)));
  }

  /**
   * Tells every `no_progress` and `streak_broken` alert of the learners someone follows (enrolled in
   * a course, or linked to a guardian), read from enrolments, lesson progress and daily summaries,
   * never the sessions. Answers false, doing nothing, when another node holds this interval's lock.
   * The lock is left to expire rather than released, so a cluster of N nodes sweeps once per
   * interval instead of N times.
   */
  async sweep(now = new Date()): Promise<boolean> {
    const lock = studyKeys.alertSweepLock(this.prefix);
    const took = await this.redis.set(lock, this.settings.nodeId, "PX", this.settings.sweepMs, "NX");
    if (took !== "OK") return false;
    const enrolled = await Enrollment.find({}, { userId: 1 }).lean();
    const linked = await GuardianLink.find({}, { learnerId: 1 }).lean();
    const learnerIds = new Set([...enrolled.map((e) => String(e.userId)), ...linked.map((l) => String(l.learnerId))]);
    for (const learnerId of learnerIds) {
      await this.#tell([
        ...(await noProgress(learnerId, everyCourse(learnerId), now)),
        ...(await streakBroken(learnerId, now)),
      ]);
    }
    return true;
  }

  /** Stops sweeping, after the sweep under way (so it does not outlive the database connection). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#sweeping;
  }

  #tick(): void {
    // One sweep at a time per node: a slow one is not stacked on.
    this.#sweeping ??= this.sweep()
      .catch(this.settings.onError)
      .finally(() => {
        this.#sweeping = null;
      });
  }

  /** Tells each viewer each of one learner's alerts that nobody told them yet. */
  async #tell(drafts: Draft[]): Promise<void> {
    if (drafts.length === 0) return;
    const learner = await User.findById(drafts[0]!.learnerId, { displayName: 1 }).lean();
    const name = learner?.displayName ?? "A learner";
    for (const draft of drafts) {
      const text = `${name}: ${ALERT_RULE_LABELS[draft.rule]}. ${draft.message}.`;
      for (const viewerId of await viewersOf(draft)) {
        if (await claim(viewerId, draft.id)) await this.notifications.notify([viewerId], { kind: "study_alert", text });
      }
    }
  }
}
