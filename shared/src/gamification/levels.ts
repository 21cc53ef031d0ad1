/** XP at which `level` starts: level = floor(sqrt(xp / 100)) + 1, so level L starts at 100·(L−1)². */
export function levelStartXp(level: number): number {
  return 100 * (level - 1) ** 2;
}

/** The level of a learner with `xp` experience points; level 1 at 0 XP. */
export function levelFor(xp: number): number {
  let level = Math.floor(Math.sqrt(Math.max(0, xp) / 100)) + 1;
  // Square roots of large non-squares can land a hair off; the thresholds decide.
  while (levelStartXp(level + 1) <= xp) level++;
  while (level > 1 && levelStartXp(level) > xp) level--;
  return level;
}

export interface LevelProgress {
  level: number;
  /** XP where the current level began and where the next one begins. */
  levelStartXp: number;
  nextLevelXp: number;
  /** XP still needed for the next level. */
  xpToNextLevel: number;
  /** How far through the current level, 0 (just reached) to 1 (exclusive). */
  fraction: number;
}

export function levelProgress(xp: number): LevelProgress {
  const level = levelFor(xp);
  const start = levelStartXp(level);
  const next = levelStartXp(level + 1);
  return {
    level,
    levelStartXp: start,
    nextLevelXp: next,
    xpToNextLevel: next - xp,
    fraction: (xp - start) / (next - start),
  };
}
