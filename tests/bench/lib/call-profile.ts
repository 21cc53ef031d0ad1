import { fetchMetrics, TEST_METRICS_TOKEN } from "../../helpers/metrics";
import { round } from "./fanout";

/** The node's store and Redis commands so far, by call (`db collection.command`, `redis command`): count and seconds. */
export type CallTotals = Map<string, { count: number; seconds: number }>;

const SERIES: Record<string, (labels: Map<string, string>) => string> = {
  chalkline_db_command_seconds: (l) => `db ${l.get("collection")}.${l.get("command")}`,
  chalkline_redis_command_seconds: (l) => `redis ${l.get("command")}`,
};

/** Reads a node's command histograms (the node runs with METRICS_TOKEN = TEST_METRICS_TOKEN). */
export async function callTotals(url: string): Promise<CallTotals> {
  const res = await fetchMetrics(url, TEST_METRICS_TOKEN);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  const totals: CallTotals = new Map();
  for (const line of (await res.text()).split("\n")) {
    const match = /^(\w+)_(count|sum)\{(.*)\} (\S+)$/.exec(line);
    const name = match && SERIES[match[1]!];
    if (!match || !name) continue;
    const labels = new Map([...match[3]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
    const call = name(labels);
    const entry = totals.get(call) ?? { count: 0, seconds: 0 };
    if (match[2] === "count") entry.count += Number(match[4]);
    else entry.seconds += Number(match[4]);
    totals.set(call, entry);
  }
  return totals;
}

/**
 * The calls made between two readings, per unit of work (a message, an attempt), the most time first:
 * which call dominates the path, and how many round trips of each it pays.
 */
export function callsPer(before: CallTotals, after: CallTotals, units: number, top = 8) {
  return [...after]
    .map(([call, a]) => {
      const b = before.get(call) ?? { count: 0, seconds: 0 };
      return {
        call,
        perUnit: round((a.count - b.count) / units, 2),
        msPerUnit: round(((a.seconds - b.seconds) * 1000) / units, 2),
      };
    })
    .filter((c) => c.perUnit > 0)
    .sort((x, y) => y.msPerUnit - x.msPerUnit)
    .slice(0, top);
}
