import type { Recommendation, StudyAlert } from "@chalkline/shared";
import { currentLocale } from "$lib/i18n";

/** A message id and its values: `$t(...wording)` words it, again whenever the language changes. */
type Wording = [id: string, options: { values: Record<string, string | number> }];

/** Why a recommendation was chosen, from the values the server sent with it. */
export function recommendationWording(r: Recommendation): Wording {
  const values = { ...r.params };
  if (r.rule === "usual_time") values.time = `${String(r.params.hour).padStart(2, "0")}:00`;
  return [`study.reason.${r.rule}`, { values }];
}

/** What a struggling-learner alert saw, from the values the server sent with it. */
export function alertWording(alert: StudyAlert): Wording {
  const values = { ...alert.params };
  if (alert.rule === "streak_broken") {
    values.end = new Intl.DateTimeFormat(currentLocale(), { day: "numeric", month: "long", timeZone: "UTC" }).format(
      new Date(`${alert.params.end}T00:00:00Z`),
    );
  }
  return [`study.alertMessage.${alert.rule}`, { values }];
}
