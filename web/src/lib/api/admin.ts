import {
  type AuditPage,
  type AuditQuery,
  auditPageSchema,
  type Dashboard,
  type DashboardQuery,
  dashboardSchema,
  type PayoutsQuery,
  type PayoutsReport,
  payoutsReportSchema,
} from "@chalkline/shared";
import { authed, query } from "./client";

type AuditFilter = Partial<Omit<AuditQuery, "cursor" | "limit">>;

/** The admins' views of the business: the dashboard, the audit log and instructors' payouts. */
export const adminApi = {
  dashboard: (params: DashboardQuery = {}): Promise<Dashboard> =>
    authed("GET", `/api/admin/analytics${query(params)}`, { schema: dashboardSchema }),
  audit: (params: AuditFilter & { cursor?: string; limit?: number }): Promise<AuditPage> =>
    authed("GET", `/api/admin/audit${query(params)}`, { schema: auditPageSchema }),
  auditCsv: (params: AuditFilter): Promise<string> =>
    authed("GET", `/api/admin/audit/export.csv${query(params)}`, { text: true }),
  payouts: (params: PayoutsQuery): Promise<PayoutsReport> =>
    authed("GET", `/api/admin/payouts${query(params)}`, { schema: payoutsReportSchema }),
  payoutsCsv: (params: PayoutsQuery): Promise<string> =>
    authed("GET", `/api/admin/payouts/export.csv${query(params)}`, { text: true }),
};
