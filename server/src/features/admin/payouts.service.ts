import type { PayoutLine, PayoutsQuery, PayoutsReport } from "@chalkline/shared";
import { csvLine } from "../../platform/csv";
import { AppError } from "../../platform/errors";
import { User } from "../accounts/user.model";
import { Earning } from "../orders/orders.model";

/** The longest range one report covers. */
const MAX_MONTHS = 24;

const monthStart = (month: string) => new Date(`${month}-01T00:00:00Z`);
const nextMonth = (month: string) => {
  const start = monthStart(month);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
};

/**
 * Instructors' payouts per calendar month (UTC) of the sale: their share of each paid course
 * order (an earning, written when the order is fulfilled), less the shares of the orders among
 * them that were refunded since (the earning is then reversed). Card money only: points are not paid out.
 */
export async function payoutsReport(query: PayoutsQuery): Promise<PayoutsReport> {
  const from = monthStart(query.from);
  const until = nextMonth(query.to);
  const months = (until.getUTCFullYear() - from.getUTCFullYear()) * 12 + until.getUTCMonth() - from.getUTCMonth();
  if (Number.isNaN(months) || months < 1 || months > MAX_MONTHS) {
    throw new AppError("invalid_payload", `the range must hold 1 to ${MAX_MONTHS} months`);
  }
  const earnings = await Earning.find({ createdAt: { $gte: from, $lt: until }, cents: { $gt: 0 } }).lean();
  const lines = new Map<string, PayoutLine>();
  for (const e of earnings) {
    const month = e.createdAt.toISOString().slice(0, 7);
    const instructorId = String(e.instructorId);
    const key = `${month}:${instructorId}`;
    const line = lines.get(key) ?? {
      month,
      instructorId,
      instructorName: "",
      sales: 0,
      refunds: 0,
      grossCents: 0,
      refundedCents: 0,
      payoutCents: 0,
    };
    line.sales += 1;
    line.grossCents += e.cents;
    if (e.reversedAt) {
      line.refunds += 1;
      line.refundedCents += e.cents;
    }
    line.payoutCents = line.grossCents - line.refundedCents;
    lines.set(key, line);
  }
  const ids = [...new Set([...lines.values()].map((l) => l.instructorId))];
  const users = await User.find({ _id: { $in: ids } }, { displayName: 1 }).lean();
  const names = new Map(users.map((u) => [String(u._id), u.displayName]));
  const sorted = [...lines.values()].sort(
    (a, b) =>
      a.month.localeCompare(b.month) || b.payoutCents - a.payoutCents || a.instructorId.localeCompare(b.instructorId),
  );
  for (const line of sorted) line.instructorName = names.get(line.instructorId) ?? "(deleted account)";
  return { lines: sorted };
}

/** The report as CSV, amounts in the store's currency units with two decimals. */
export function payoutsCsv(report: PayoutsReport): string {
  const money = (cents: number) => (cents / 100).toFixed(2);
  return [
    csvLine(["month", "instructor_id", "instructor", "sales", "refunds", "gross", "refunded", "payout"]),
    ...report.lines.map((l) =>
      csvLine([
        l.month,
        l.instructorId,
        l.instructorName,
        l.sales,
        l.refunds,
        money(l.grossCents),
        money(l.refundedCents),
        money(l.payoutCents),
      ]),
    ),
  ].join("");
}
