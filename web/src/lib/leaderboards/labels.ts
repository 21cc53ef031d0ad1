import { type BoardPeriod, type BoardScope, weekStart } from "@chalkline/shared";
import { currentLocale, translate } from "$lib/i18n";

/** Each label is read when used, so it is in the page's language at that moment. */
export const PERIOD_LABELS: Record<BoardPeriod, string> = {
  get week() {
    return translate("leaderboards.period.week");
  },
  get month() {
    return translate("leaderboards.period.month");
  },
  get all() {
    return translate("leaderboards.period.all");
  },
};
export const SCOPE_LABELS: Record<BoardScope, string> = {
  get global() {
    return translate("leaderboards.scope.global");
  },
  get course() {
    return translate("leaderboards.scope.course");
  },
  get class() {
    return translate("leaderboards.scope.class");
  },
};

const day = () => new Intl.DateTimeFormat(currentLocale(), { day: "numeric", month: "short", timeZone: "UTC" });

/** "2026-W49" → "30 Nov – 6 Dec"; "2026-12" → "December 2026"; "all" → "since the start". */
export function describePeriodKey(periodKey: string): string {
  if (/^\d{4}-W\d{2}$/.test(periodKey)) {
    const monday = weekStart(periodKey);
    return day().formatRange(monday, new Date(monday.getTime() + 6 * 86_400_000));
  }
  const month = /^(\d{4})-(\d{2})$/.exec(periodKey);
  if (month) {
    const date = new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 15));
    return date.toLocaleDateString(currentLocale(), { month: "long", year: "numeric", timeZone: "UTC" });
  }
  return translate("leaderboards.sinceStart");
}

export const formatXp = (xp: number) => translate("leaderboards.xp", { values: { xp } });
