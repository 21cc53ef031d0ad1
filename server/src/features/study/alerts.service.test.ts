import { LONG_STREAK_DAYS, NO_PROGRESS_DAYS } from "@chalkline/shared";
import { describe, expect, it } from "vitest";
import { everyCourse, noProgressOf, streakBrokenOf } from "./alerts.service";

const DAY_MS = 86_400_000;
const now = new Date("2026-12-05T12:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY_MS);
const learner = "l1";

describe("noProgressOf", () => {
  const enrollments = [{ courseId: "c1", createdAt: daysAgo(60) }];

  it("fires for a course idle NO_PROGRESS_DAYS or more since the last lesson beat", () => {
    const progress = [{ courseId: "c1", lastBeatAt: daysAgo(NO_PROGRESS_DAYS) }];
    const drafts = noProgressOf(learner, { enrollments, progress }, everyCourse(learner), now);
    expect(drafts.map((d) => [d.rule, d.courseId])).toEqual([["no_progress", "c1"]]);
  });

  it("stays quiet for recent progress, and for courses outside the viewer's scope", () => {
    const recent = [{ courseId: "c1", lastBeatAt: daysAgo(1) }];
    expect(noProgressOf(learner, { enrollments, progress: recent }, everyCourse(learner), now)).toEqual([]);
    const scope = { learnerIds: [learner], courseIds: new Set(["c2"]) };
    expect(noProgressOf(learner, { enrollments, progress: [] }, scope, now)).toEqual([]);
  });
});

describe("streakBrokenOf", () => {
  const run = (endsDaysAgo: number, length: number) =>
    new Set(
      Array.from({ length }, (_, i) =>
        daysAgo(endsDaysAgo + i)
          .toISOString()
          .slice(0, 10),
      ),
    );

  it("fires for a long run that ended a few days ago", () => {
    const drafts = streakBrokenOf(learner, { studied: run(3, LONG_STREAK_DAYS), timeZone: "UTC" }, now);
    expect(drafts.map((d) => d.id)).toEqual([`streak_broken:${learner}:${daysAgo(3).toISOString().slice(0, 10)}`]);
  });

  it("stays quiet for a run still going, a short run, or one long over", () => {
    expect(streakBrokenOf(learner, { studied: run(1, LONG_STREAK_DAYS), timeZone: "UTC" }, now)).toEqual([]);
    expect(streakBrokenOf(learner, { studied: run(3, LONG_STREAK_DAYS - 1), timeZone: "UTC" }, now)).toEqual([]);
    expect(streakBrokenOf(learner, { studied: run(20, LONG_STREAK_DAYS), timeZone: "UTC" }, now)).toEqual([]);
  });
});
