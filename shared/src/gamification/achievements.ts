import { z } from "zod";
import type { AwardReason } from "./awards";

export const RARITIES = ["common", "rare", "epic", "legendary"] as const;
export const raritySchema = z.enum(RARITIES);
export type Rarity = z.infer<typeof raritySchema>;

/** Points an achievement credits to the wallet, by rarity. */
export const ACHIEVEMENT_POINTS: Record<Rarity, number> = { common: 10, rare: 25, epic: 50, legendary: 100 };

/** What the rules engine knows about a learner: totals folded from their ledgers. */
export interface LearnerStats {
  xp: number;
  level: number;
  /** How many awards of each reason were recorded. */
  counts: Partial<Record<AwardReason, number>>;
  perfectQuizzes: number;
  correctAnswers: number;
  /** Live quizzes finished in the top three, and won. */
  podiums: number;
  liveWins: number;
  /** Longest daily streak ever reached. */
  bestStreak: number;
  /** Achievements earned so far. */
  achievements: number;
}

interface Rule {
  id: string;
  name: string;
  description: string;
  /** Name of the badge's icon; the web app draws it. */
  icon: string;
  rarity: Rarity;
  /** The stat the rule watches, and the value that earns it: progress is metric / target. */
  metric: (stats: LearnerStats) => number;
  target: number;
}

const count = (reason: AwardReason) => (s: LearnerStats) => s.counts[reason] ?? 0;

/** Every achievement, cheapest first. Ids are stable: they are ledger keys (`achievement:<id>`). */
export const ACHIEVEMENTS = [
  rule(
    "first_steps",
    "First steps",
    "Complete your first lesson",
    "footprints",
    "common",
    count("lesson_completed"),
    1,
  ),
  rule("quiz_rookie", "Quiz rookie", "Pass your first quiz", "check", "common", count("quiz_passed"), 1),
  rule("on_a_roll", "On a roll", "Learn three days in a row", "flame", "common", (s) => s.bestStreak, 3),
  rule("bookworm", "Bookworm", "Complete 10 lessons", "book", "common", count("lesson_completed"), 10),
  rule("sharpshooter", "Sharpshooter", "Answer 50 quiz questions right", "target", "rare", (s) => s.correctAnswers, 50),
  rule("perfectionist", "Perfectionist", "Score 100% on a quiz", "star", "rare", (s) => s.perfectQuizzes, 1),
  rule("week_warrior", "Week warrior", "Learn seven days in a row", "calendar", "rare", (s) => s.bestStreak, 7),
  rule("graduate", "Graduate", "Complete a course", "cap", "rare", count("course_completed"), 1),
  rule("on_the_podium", "On the podium", "Finish a live quiz in the top three", "medal", "rare", (s) => s.podiums, 1),
  rule("rising_star", "Rising star", "Reach level 5", "rocket", "epic", (s) => s.level, 5),
  rule("scholar", "Scholar", "Complete 50 lessons", "library", "epic", count("lesson_completed"), 50),
  rule("flawless", "Flawless", "Score 100% on five quizzes", "sparkles", "epic", (s) => s.perfectQuizzes, 5),
  rule("champion", "Champion", "Win three live quizzes", "trophy", "epic", (s) => s.liveWins, 3),
  rule("devoted", "Devoted", "Learn 30 days in a row", "sun", "epic", (s) => s.bestStreak, 30),
  rule("polymath", "Polymath", "Complete five courses", "crown", "legendary", count("course_completed"), 5),
  rule("unstoppable", "Unstoppable", "Learn 100 days in a row", "bolt", "legendary", (s) => s.bestStreak, 100),
  rule("grandmaster", "Grandmaster", "Reach level 20", "gem", "legendary", (s) => s.level, 20),
  rule("collector", "Collector", "Earn twelve other achievements", "award", "legendary", (s) => s.achievements, 12),
] as const satisfies readonly Rule[];

function rule<const Id extends string>(
  id: Id,
  name: string,
  description: string,
  icon: string,
  rarity: Rarity,
  metric: Rule["metric"],
  target: number,
): Rule & { id: Id } {
  return { id, name, description, icon, rarity, metric, target };
}

export type AchievementId = (typeof ACHIEVEMENTS)[number]["id"];
export const achievementIdSchema = z.enum(ACHIEVEMENTS.map((a) => a.id) as [AchievementId, ...AchievementId[]]);

export function achievementById(id: string): (typeof ACHIEVEMENTS)[number] | undefined {
  return ACHIEVEMENTS.find((a) => a.id === id);
}

/** How close a learner is to one achievement: `current` capped at `target`. */
export function achievementProgress(id: AchievementId, stats: LearnerStats): { current: number; target: number } {
  const a = achievementById(id)!;
  return { current: Math.min(a.metric(stats), a.target), target: a.target };
}

/**
 * The achievements `stats` earn that are not in `earned`, in table order. Earning some can earn
 * more (the collector counts achievements), so it repeats until nothing new turns up.
 */
export function newAchievements(stats: LearnerStats, earned: ReadonlySet<string>): AchievementId[] {
  const found: AchievementId[] = [];
  for (;;) {
    const current = { ...stats, achievements: earned.size + found.length };
    const next = ACHIEVEMENTS.filter(
      (a) => !earned.has(a.id) && !found.includes(a.id) && a.metric(current) >= a.target,
    ).map((a) => a.id);
    if (next.length === 0) return found;
    found.push(...next);
  }
}
