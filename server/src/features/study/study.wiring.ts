import type { Config } from "../../platform/config";
import type { Logger } from "../../platform/logger";
import type { RedisClient } from "../../platform/redis";
import type { QuizService } from "../courses/quizzes.service";
import type { AwardsService } from "../ledger/awards.service";
import type { NotificationsService } from "../notifications/notifications.service";
import { StudyAlertNotices } from "./alerts.notices";
import { StudyAnalyticsService } from "./analytics.service";
import { FocusTimers } from "./focus.service";
import { GroupTimers } from "./group.service";
import { StudyPlans } from "./plans.service";
import { StudyReflections } from "./reflections.service";

interface StudyDeps {
  config: Pick<Config, "STUDY_MAX_FOCUS_MINUTES_PER_DAY" | "STUDY_ALERT_SWEEP_SECONDS" | "SERVER_ID">;
  redis: RedisClient;
  prefix: string;
  awards: AwardsService;
  notifications: NotificationsService;
  quizzes: QuizService;
  logger: Logger;
}

/**
 * The study planner on one node: plans, the personal and group focus timers (a completed group
 * phase is credited like a personal one), analytics, reflections, and the alerts sweep, which also
 * hears of every failed quiz attempt.
 */
export function startStudy({ config, redis, prefix, awards, notifications, quizzes, logger }: StudyDeps) {
  const plans = new StudyPlans();
  const focusTimers = new FocusTimers(redis, prefix, plans, awards, {
    maxCreditedMinutesPerDay: config.STUDY_MAX_FOCUS_MINUTES_PER_DAY,
  });
  // The phase has moved on whatever becomes of its credit; a failure is logged, not retried.
  const groupTimers = new GroupTimers(redis, prefix, plans, (completed) =>
    focusTimers.creditGroupFocus(completed).catch((error: unknown) => {
      logger.warn({ err: error, roomId: completed.roomId }, "could not credit a group focus phase");
    }),
  );
  const alertNotices = StudyAlertNotices.start(redis, prefix, notifications, {
    sweepMs: config.STUDY_ALERT_SWEEP_SECONDS * 1000,
    nodeId: config.SERVER_ID,
    onError: (error) => logger.warn({ err: error }, "study alert sweep failed; the next interval retries"),
  });
  // The attempt is stored and answered whatever becomes of its alert.
  quizzes.onFailed((failed) =>
    alertNotices.afterFailedAttempt(failed).catch((error: unknown) => {
      logger.warn({ err: error, userId: failed.userId }, "could not tell a learner's repeated quiz failures");
    }),
  );
  return {
    services: {
      plans,
      focusTimers,
      analytics: new StudyAnalyticsService(plans),
      reflections: new StudyReflections(plans),
    },
    groupTimers,
    close: () => alertNotices.close(),
  };
}
