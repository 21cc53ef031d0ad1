import type { Recommendation, Wording as ServerWording, StudyAlert } from "@chalkline/shared";
import { currentLocale } from "$lib/i18n";

/**
 * Sentences the server sends as values, worded here in the reader's language: a message id and its
 * values, so `$t(...wording)` words it again whenever the language changes.
 */
type Wording = [id: string, options: { values: Record<string, string | number> }];

/** "4 December" for a calendar day "2026-12-04", in the page's language. */
function dayLabel(day: string | number | undefined): string {
  return new Intl.DateTimeFormat(currentLocale(), { day: "numeric", month: "long", timeZone: "UTC" }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** Why a recommendation was chosen. */
export function recommendationWording(r: Recommendation): Wording {
  const values = { ...r.params };
  if (r.rule === "usual_time") values.time = `${String(r.params.hour).padStart(2, "0")}:00`;
  return [`study.reason.${r.rule}`, { values }];
}

/** What a struggling-learner alert saw. */
export function alertWording(alert: StudyAlert): Wording {
  const values = { ...alert.params };
  if (alert.rule === "streak_broken") values.end = dayLabel(alert.params.end);
  return [`study.alertMessage.${alert.rule}`, { values }];
}

/** A notification's sentence (the notices messages). */
export function noticeWording(wording: ServerWording): Wording {
  const values = { ...wording.params };
  if (wording.id === "study_alert_streak_broken") values.end = dayLabel(wording.params.end);
  return [`notices.${wording.id}`, { values }];
}
