import { z } from "zod";
import { objectIdSchema } from "./accounts";

const isoTime = z.iso.datetime({ offset: true });

/** GET /api/admin/audit (and its CSV twin): entries newest first, filtered; `cursor` is the last id of the page before. */
export const auditQuerySchema = z.object({
  actorId: objectIdSchema.optional(),
  /** An exact action (`user.disabled`) or a family of them (`user.`). */
  action: z.string().trim().min(1).max(80).optional(),
  targetId: z.string().trim().min(1).max(120).optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  cursor: objectIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntryViewSchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetId: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof auditEntryViewSchema>;

export const auditPageSchema = z.object({
  entries: z.array(auditEntryViewSchema),
  nextCursor: z.string().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

/** GET /api/admin/payouts: instructors' shares of card sales, per calendar month (UTC) of the sale. */
export const payoutsQuerySchema = z.object({
  from: z.string().regex(/^\d{4}-\d{2}$/, { message: "a month as YYYY-MM" }),
  to: z.string().regex(/^\d{4}-\d{2}$/, { message: "a month as YYYY-MM" }),
});
export type PayoutsQuery = z.infer<typeof payoutsQuerySchema>;

export const payoutLineSchema = z.object({
  month: z.string(),
  instructorId: z.string(),
  instructorName: z.string(),
  sales: z.number(),
  refunds: z.number(),
  /** The instructor's share of the month's sales, before refunds. */
  grossCents: z.number(),
  /** The share of those sales that were refunded since. */
  refundedCents: z.number(),
  payoutCents: z.number(),
});
export type PayoutLine = z.infer<typeof payoutLineSchema>;

export const payoutsReportSchema = z.object({ lines: z.array(payoutLineSchema) });
export type PayoutsReport = z.infer<typeof payoutsReportSchema>;
