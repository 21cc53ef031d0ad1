/**
 * Which slice of a room's history is in the DOM. A long history stays fast because only a window
 * of it is rendered: the newest messages while following the conversation, or a bounded range
 * around where the person scrolled to. The window is kept as seqs, so messages arriving on either
 * side (older pages, new messages) never shift it by accident.
 */

import type { ChatMessage } from "@chalkline/shared";

/** Rendered while following the newest messages. */
export const FOLLOW_SIZE = 80;
/** Never more than this many messages in the DOM. */
export const MAX_RENDERED = 200;
/** Messages added to the window per step when scrolling towards either end. */
export const STEP = 50;

export interface MessageWindow {
  /** Lowest seq rendered. */
  from: number;
  /** Highest seq rendered, or null to include every newer message as it arrives. */
  to: number | null;
}

export const FOLLOWING: MessageWindow = { from: 0, to: null };

export function inWindow(all: ChatMessage[], win: MessageWindow): ChatMessage[] {
  const start = lowerBound(all, win.from);
  const end = win.to === null ? all.length : lowerBound(all, win.to + 1);
  return all.slice(start, end);
}

/** Index of the first message with `seq >= seq` (messages are in seq order). */
function lowerBound(all: ChatMessage[], seq: number): number {
  let low = 0;
  let high = all.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (all[mid]!.seq < seq) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Following at the bottom: only the newest `FOLLOW_SIZE` stay rendered. */
export function trimToNewest(all: ChatMessage[]): MessageWindow {
  return { from: all[Math.max(0, all.length - FOLLOW_SIZE)]?.seq ?? 0, to: null };
}

/** Reading further up while new messages arrive: stop growing at `MAX_RENDERED`. */
export function capGrowth(all: ChatMessage[], win: MessageWindow): MessageWindow {
  const shown = inWindow(all, win);
  if (win.to !== null || shown.length <= MAX_RENDERED) return win;
  return { from: win.from, to: shown[MAX_RENDERED - 1]!.seq };
}

/** One step towards older messages, dropping the newest ones beyond `MAX_RENDERED`. */
export function stepOlder(all: ChatMessage[], win: MessageWindow): MessageWindow {
  const start = Math.max(0, lowerBound(all, win.from) - STEP);
  const end = win.to === null ? all.length : lowerBound(all, win.to + 1);
  if (end - start <= MAX_RENDERED) return { from: all[start]?.seq ?? 0, to: win.to };
  return { from: all[start]!.seq, to: all[start + MAX_RENDERED - 1]!.seq };
}

/** One step towards newer messages; back to following once the newest is reached. */
export function stepNewer(all: ChatMessage[], win: MessageWindow): MessageWindow {
  if (win.to === null) return win;
  const end = lowerBound(all, win.to + 1) + STEP;
  const to = end >= all.length ? null : all[end - 1]!.seq;
  const last = to === null ? all.length : end;
  const start = Math.max(lowerBound(all, win.from), last - MAX_RENDERED);
  return { from: all[start]?.seq ?? 0, to };
}

/** Messages held but not rendered, below and above the window. */
export function hiddenCounts(all: ChatMessage[], win: MessageWindow): { older: number; newer: number } {
  const older = lowerBound(all, win.from);
  const newer = win.to === null ? 0 : all.length - lowerBound(all, win.to + 1);
  return { older, newer };
}
