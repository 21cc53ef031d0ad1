export const classTimerKeys = {
  /** Hash: a class room's countdown (label, status, durationMs, endsAt while running, remainingMs otherwise). */
  timer: (prefix: string, roomId: string) => `${prefix}class-timer:${roomId}`,
};
