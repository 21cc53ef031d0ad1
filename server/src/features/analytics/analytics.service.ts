import {
  DAILY_COUNTERS,
  type DailyCounter,
  type Dashboard,
  type DashboardDay,
  type DashboardQuery,
  MAX_DASHBOARD_DAYS,
  type RevenueLine,
  utcDayOf,
} from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import type { RedisClient } from "../../platform/redis";
import { Course } from "../courses/courses.model";
import { Product } from "../store/products.model";
import { readDay } from "./analytics.counters";
import { analyticsKeys } from "./analytics.keys";
import { DailyStats } from "./analytics.model";

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;
/** Revenue lines shown, biggest first; the rest are in the totals. */
const MAX_REVENUE_LINES = 20;
const PLAN_NAMES: Record<string, string> = { monthly: "Plus, monthly", yearly: "Plus, yearly" };

const dayAt = (day: string) => Date.parse(`${day}T00:00:00Z`);
const daysBack = (day: string, n: number) => utcDayOf(new Date(dayAt(day) - n * DAY_MS));

/**
 * The admin's dashboard, read from the daily counters only: one document per day of the range
 * (and one before it, for MRR), overlaid with the Redis hashes of days not yet flushed, and active
 * users from the days' HyperLogLogs. Never a scan of the events themselves.
 */
export class AnalyticsService {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async dashboard(query: DashboardQuery, now = new Date()): Promise<Dashboard> {
    const to = query.to ?? utcDayOf(now);
    const from = query.from ?? daysBack(to, DEFAULT_DAYS - 1);
    const span = (dayAt(to) - dayAt(from)) / DAY_MS + 1;
    if (span < 1 || span > MAX_DASHBOARD_DAYS) {
      throw new AppError("invalid_payload", `the range must hold 1 to ${MAX_DASHBOARD_DAYS} days`);
    }
    const days = Array.from({ length: span }, (_, i) => daysBack(to, span - 1 - i));
    const counts = await this.#countsOf(days, utcDayOf(now));
    const active = await this.#activeUsers(days);
    let mrr = await this.#mrrBefore(from);
    const series: DashboardDay[] = days.map((day, i) => {
      const c = counts.get(day) ?? {};
      mrr = c.mrrCents ?? mrr;
      const known = Object.fromEntries(DAILY_COUNTERS.map((name) => [name, c[name] ?? 0])) as Record<
        DailyCounter,
        number
      >;
      return {
        day,
        counts: known,
        activeUsers: active[i]!,
        netCents: known.grossCents - known.refundCents,
        mrrCents: mrr,
      };
    });
    const totals = Object.fromEntries(
      DAILY_COUNTERS.map((name) => [name, series.reduce((sum, d) => sum + d.counts[name], 0)]),
    ) as Record<DailyCounter, number>;
    return { from, to, days: series, totals, revenue: await revenueLines([...counts.values()]) };
  }

  /** Each day's counters: its document, or its Redis hash while that is newer. */
  async #countsOf(days: string[], today: string): Promise<Map<string, Record<string, number>>> {
    const docs = await DailyStats.find({ _id: { $gte: days[0]!, $lte: days.at(-1)! } }).lean();
    const counts = new Map(docs.map((doc) => [doc._id, (doc.counts ?? {}) as Record<string, number>]));
    const inRange = new Set(days);
    const dirty = (await this.redis.smembers(analyticsKeys.dirty(this.prefix))).filter((d) => inRange.has(d));
    if (inRange.has(today) && !dirty.includes(today)) dirty.push(today);
    for (const day of dirty) {
      const fresh = await readDay(this.redis, this.prefix, day, today);
      counts.set(day, { ...counts.get(day), ...fresh });
    }
    return counts;
  }

  /** Distinct accounts seen on each day, and over the 7 and 30 days ending on it (unions of the days' HyperLogLogs). */
  async #activeUsers(days: string[]): Promise<DashboardDay["activeUsers"][]> {
    const key = (day: string) => analyticsKeys.active(this.prefix, day);
    const window = (day: string, n: number) => Array.from({ length: n }, (_, i) => key(daysBack(day, i)));
    const batch = this.redis.pipeline();
    for (const day of days)
      batch
        .pfcount(key(day))
        .pfcount(...window(day, 7))
        .pfcount(...window(day, 30));
    const replies = (await batch.exec()) ?? [];
    const value = (i: number) => {
      const [error, n] = replies[i] ?? [null, 0];
      if (error) throw error;
      return Number(n);
    };
    return days.map((_, i) => ({ daily: value(3 * i), weekly: value(3 * i + 1), monthly: value(3 * i + 2) }));
  }

  /** MRR as the last day before the range left it. */
  async #mrrBefore(from: string): Promise<number> {
    const last = await DailyStats.findOne({ _id: { $lt: from }, "counts.mrrCents": { $exists: true } })
      .sort({ _id: -1 })
      .lean();
    return Number((last?.counts as Record<string, number> | undefined)?.mrrCents ?? 0);
  }
}

/** Revenue per item over the days, named from its course, product or plan. */
async function revenueLines(days: Array<Record<string, number>>): Promise<RevenueLine[]> {
  const lines = new Map<string, RevenueLine>();
  for (const counts of days) {
    for (const [field, cents] of Object.entries(counts)) {
      const match = /^(gross|refund):(course|product|plan):(.+)$/.exec(field);
      if (!match) continue;
      const [, money, kind, id] = match as unknown as [string, "gross" | "refund", RevenueLine["kind"], string];
      const line = lines.get(`${kind}:${id}`) ?? { kind, id, name: id, grossCents: 0, refundCents: 0, netCents: 0 };
      if (money === "gross") line.grossCents += cents;
      else line.refundCents += cents;
      line.netCents = line.grossCents - line.refundCents;
      lines.set(`${kind}:${id}`, line);
    }
  }
  const top = [...lines.values()].sort((a, b) => b.grossCents - a.grossCents).slice(0, MAX_REVENUE_LINES);
  const idsOf = (kind: RevenueLine["kind"]) => top.filter((l) => l.kind === kind).map((l) => l.id);
  const [courses, products] = await Promise.all([
    Course.find({ _id: { $in: idsOf("course") } }, { title: 1 }).lean(),
    Product.find({ _id: { $in: idsOf("product") } }, { name: 1 }).lean(),
  ]);
  const names = new Map<string, string>([
    ...courses.map((c) => [`course:${c._id}`, c.title] as const),
    ...products.map((p) => [`product:${p._id}`, p.name] as const),
  ]);
  for (const line of top) line.name = names.get(`${line.kind}:${line.id}`) ?? PLAN_NAMES[line.id] ?? line.id;
  return top;
}
