/**
 * The growth bench's verdict in figures: each probe at each size as a ratio to the smallest size,
 * the goals at the largest size and how far each is, and for a missed goal what dominates it.
 * Printed, never judged: a missed goal does not fail the run.
 */
import { ratio, round } from "./fanout";
import { type Figure, type Figures, STORE_PATHS } from "./growth-probes";

/** At the largest size, every probe within this ratio of its figure at the smallest size. */
export const MAX_GROWTH_RATIO = 1.5;
/** `chat:send` p99 at the largest size, in milliseconds. */
export const CHAT_SEND_P99_MS = 30;

export interface SizeFigures {
  documents: number;
  probes: Figures;
  baseline: Figures;
}

export interface Goal {
  goal: string;
  value: number;
  limit: number;
  met: boolean;
  /** How much over the limit (negative: the headroom). */
  over: number;
  dominatedBy?: string[];
}

/** Each figure's p50 (and p99) as a ratio to the same figure at the first size. */
export function ratiosTo(first: Figures, figures: Figures): Record<string, { p50: number; p99?: number }> {
  return Object.fromEntries(
    Object.entries(figures).map(([name, f]) => {
      const base = first[name];
      const p99 = base?.p99Ms && f.p99Ms ? ratio(f.p99Ms, base.p99Ms) : undefined;
      return [name, { p50: base ? ratio(f.p50Ms, base.p50Ms) : Number.NaN, ...(p99 && { p99 }) }];
    }),
  );
}

export function goals(sizes: SizeFigures[]): Goal[] {
  const first = sizes[0]!;
  const last = sizes.at(-1)!;
  const ratios = ratiosTo(first.probes, last.probes);
  const result: Goal[] = [];
  for (const [name, f] of Object.entries(last.probes)) {
    if (f.part) continue;
    for (const p of ["p50", "p99"] as const) {
      const value = ratios[name]![p];
      if (value === undefined) continue;
      const goal: Goal = {
        goal: `${name} ${p} ×${last.documents}/${first.documents}`,
        ...within(value, MAX_GROWTH_RATIO),
      };
      if (!goal.met) goal.dominatedBy = dominance(name, first, last);
      result.push(goal);
    }
  }
  const send = last.probes["chat:send"]?.p99Ms;
  if (send !== undefined) {
    const goal: Goal = { goal: `chat:send p99 ms at ${last.documents}`, ...within(send, CHAT_SEND_P99_MS) };
    if (!goal.met) goal.dominatedBy = dominance("chat:send", first, last);
    result.push(goal);
  }
  return result;
}

function within(value: number, limit: number): Omit<Goal, "goal"> {
  return { value, limit, met: value <= limit, over: round(value - limit, 2) };
}

/**
 * What a missed probe spends its time on, as far as a client and the plain driver can tell: for a
 * page, its slowest call; then the store reads on its path, the one that grew most first.
 */
function dominance(name: string, first: SizeFigures, last: SizeFigures): string[] {
  const lines: string[] = [];
  const parts = Object.entries(last.probes).filter(([part, f]) => f.part && part.startsWith(`${name}: `));
  const slowest = parts.sort(([, a], [, b]) => b.p50Ms - a.p50Ms)[0];
  if (slowest) lines.push(`slowest call: ${describe(slowest[0], first.probes[slowest[0]], slowest[1])}`);
  const reads = (STORE_PATHS[name] ?? [])
    .filter((read) => last.baseline[read] && first.baseline[read])
    .map((read) => ({ read, grew: last.baseline[read]!.p50Ms - first.baseline[read]!.p50Ms }))
    .sort((a, b) => b.grew - a.grew);
  for (const { read } of reads) {
    lines.push(`store (plain driver): ${describe(read, first.baseline[read], last.baseline[read]!)}`);
  }
  if (reads.length === 0) lines.push("no growing collection on its path: the time is the node's own");
  return lines;
}

function describe(name: string, first: Figure | undefined, last: Figure): string {
  const from = first ? `${first.p50Ms} → ` : "";
  const growth = first ? ` (×${ratio(last.p50Ms, first.p50Ms)})` : "";
  return `${name} p50 ${from}${last.p50Ms} ms${growth}${last.plan ? ` [${last.plan}]` : ""}`;
}
