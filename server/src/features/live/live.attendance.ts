/** Attendance arithmetic: pure, so the minutes a guardian or instructor reads are easy to check. */

export interface Stretch {
  joinedAt: Date;
  leftAt?: Date | null;
}

/**
 * Merges one user's stretches (two tabs overlap, a reconnect leaves a gap) into disjoint ones,
 * oldest first. An open stretch ends at `until` (now, or the class's end).
 */
export function mergeStretches(stretches: readonly Stretch[], until: Date): Array<{ joinedAt: Date; leftAt: Date }> {
  const closed = stretches
    .map((s) => ({ joinedAt: s.joinedAt, leftAt: s.leftAt && s.leftAt < until ? s.leftAt : until }))
    .filter((s) => s.leftAt > s.joinedAt)
    .sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime());
  const merged: Array<{ joinedAt: Date; leftAt: Date }> = [];
  for (const s of closed) {
    const last = merged.at(-1);
    if (last && s.joinedAt <= last.leftAt) {
      if (s.leftAt > last.leftAt) last.leftAt = s.leftAt;
    } else {
      merged.push({ ...s });
    }
  }
  return merged;
}

/** Minutes covered by disjoint stretches, to one decimal. */
export function totalMinutes(stretches: ReadonlyArray<{ joinedAt: Date; leftAt: Date }>): number {
  const ms = stretches.reduce((sum, s) => sum + (s.leftAt.getTime() - s.joinedAt.getTime()), 0);
  return Math.round(ms / 6_000) / 10;
}
