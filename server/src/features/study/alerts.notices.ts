import { ALERT_RULE_LABELS } from "@chalkline/shared";
import { isDuplicateKey } from "../../platform/mongo";
import type { RedisClient } from "../../platform/redis";
import { User } from "../accounts/user.model";
import { Course, Enrollment } from "../courses/courses.model";
import type { FailedAttempt } from "../courses/quizzes.service";
import { GuardianLink } from "../guardians/links.model";
import type { NotificationsService } from "../notifications/notifications.service";
import { type Draft, repeatedFailuresAt } from "./alerts.service";
import { anyOf, byLearner, followedLearners, SWEEP_BATCH, sweepBatch } from "./alerts.sweep";
import { studyKeys } from "./study.keys";
import { AlertDismissal, AlertNotice } from "./study.model";

export interface AlertNoticeSettings {
  /** How often the sweep for `no_progress` and `streak_broken` runs, over the whole cluster. */
  sweepMs: number;
  nodeId: string;
  onError: (error: unknown) => void;
}

/**
 * Who sees each alert, as `StudyAlerts.forViewer` decides it: the learner's guardians, and the
 * instructor of its course (of each course the learner is enrolled in when the alert names none).
 * Read for all the drafts at once, in three queries however many learners they name.
 */
async function viewersOf(drafts: Draft[]): Promise<Map<Draft, string[]>> {
  const learnerIds = [...new Set(drafts.map((d) => d.learnerId))];
  const courseless = [...new Set(drafts.filter((d) => !d.courseId).map((d) => d.learnerId))];
  const [links, enrollments] = await Promise.all([
    GuardianLink.find({ learnerId: anyOf(learnerIds) }, { learnerId: 1, guardianId: 1 }).lean(),
    courseless.length > 0 ? Enrollment.find({ userId: anyOf(courseless) }, { userId: 1, courseId: 1 }).lean() : [],
  ]);
  const guardiansOf = byLearner(links, (l) => l.learnerId);
  const enrolledOf = byLearner(enrollments, (e) => e.userId);
  const courseIdsOf = (d: Draft) =>
    d.courseId ? [d.courseId] : (enrolledOf.get(d.learnerId) ?? []).map((e) => String(e.courseId));
  const courseIds = [...new Set(drafts.flatMap(courseIdsOf))];
  const courses = await Course.find({ _id: anyOf(courseIds) }, { instructorId: 1 }).lean();
  const instructorOf = new Map(courses.map((c) => [String(c._id), String(c.instructorId)]));
  return new Map(
    drafts.map((d) => {
      const guardians = (guardiansOf.get(d.learnerId) ?? []).map((g) => String(g.guardianId));
      const instructors = courseIdsOf(d).flatMap((c) => instructorOf.get(c) ?? []);
      return [d, [...new Set([...guardians, ...instructors])]];
    }),
  );
}

/** The ids of the (viewer, alert) pairs a viewer dismissed from the list or was told of already. */
async function alreadyKnown(ids: string[]): Promise<Set<string>> {
  const [dismissed, told] = await Promise.all([
    AlertDismissal.find({ _id: anyOf(ids) }, { _id: 1 }).lean(),
    AlertNotice.find({ _id: anyOf(ids) }, { _id: 1 }).lean(),
  ]);
  return new Set([...dismissed, ...told].map((d) => String(d._id)));
}

/** True for the one caller that claims telling a viewer about an alert (`viewerId:alertId`). */
async function claim(id: string): Promise<boolean> {
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

  /** A learner failed a quiz attempt: tells the `repeated_failures` alert it makes at that quiz. */
  async afterFailedAttempt(failed: FailedAttempt): Promise<void> {
    await this.#tell(await repeatedFailuresAt(failed.userId, failed.courseId, failed.lessonId));
  }

  /**
   * Tells every `no_progress` and `streak_broken` alert of the learners someone follows (enrolled in
   * a course, or linked to a guardian), read from enrolments, lesson progress and daily summaries,
   * never the sessions, in batches of learners read together. Answers false, doing nothing, when
   * another node holds this interval's lock.
   * The lock is left to expire rather than released, so a cluster of N nodes sweeps once per
   * interval instead of N times.
   */
  async sweep(now = new Date()): Promise<boolean> {
    const lock = studyKeys.alertSweepLock(this.prefix);
    const took = await this.redis.set(lock, this.settings.nodeId, "PX", this.settings.sweepMs, "NX");
    if (took !== "OK") return false;
    const learnerIds = await followedLearners();
    for (let i = 0; i < learnerIds.length; i += SWEEP_BATCH) {
      await this.#tell(await sweepBatch(learnerIds.slice(i, i + SWEEP_BATCH), now));
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

  /**
   * Tells each viewer each alert that nobody told them yet: who sees what, and what is known
   * already, read for all the drafts at once; then one claim (an insert) per pair that is news.
   */
  async #tell(drafts: Draft[]): Promise<void> {
    if (drafts.length === 0) return;
    const learnerIds = [...new Set(drafts.map((d) => d.learnerId))];
    const [viewers, learners] = await Promise.all([
      viewersOf(drafts),
      User.find({ _id: anyOf(learnerIds) }, { displayName: 1 }).lean(),
    ]);
    const names = new Map(learners.map((u) => [String(u._id), u.displayName]));
    const pairs = drafts.flatMap((draft) =>
      (viewers.get(draft) ?? []).map((viewerId) => ({ draft, viewerId, id: `${viewerId}:${draft.id}` })),
    );
    const known = await alreadyKnown(pairs.map((p) => p.id));
    for (const { draft, viewerId, id } of pairs) {
      if (known.has(id) || !(await claim(id))) continue;
      const text = `${names.get(draft.learnerId) ?? "A learner"}: ${ALERT_RULE_LABELS[draft.rule]}. ${draft.message}.`;
      const learner = names.get(draft.learnerId) ?? "";
      await this.notifications.notify([viewerId], {
        kind: "study_alert",
        text,
        wording: { id: `study_alert_${draft.rule}`, params: { ...draft.params, learner } },
      });
    }
  }
}
