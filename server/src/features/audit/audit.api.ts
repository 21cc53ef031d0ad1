import { auditPageSchema, auditQuerySchema } from "@chalkline/shared";
import { z } from "zod";
import type { ApiSection } from "../../platform/api-description";

const admins = ["admin"] as const;

/** audit.routes.ts. */
export const auditApi: ApiSection = {
  tag: "audit",
  description: "The record of privileged actions: admins', moderators', refunds, sign-ins and second factors.",
  operations: [
    {
      method: "get",
      path: "/api/admin/audit",
      summary: "Audit entries newest first, by actor, action, target and time",
      auth: "bearer",
      roles: admins,
      query: auditQuerySchema,
      responses: { 200: auditPageSchema },
    },
    {
      method: "get",
      path: "/api/admin/audit/export.csv",
      summary: "The filtered audit entries as a CSV file (at most 10,000 rows)",
      auth: "bearer",
      roles: admins,
      query: auditQuerySchema.omit({ cursor: true, limit: true }),
      responses: { 200: z.string() },
      contentType: "text/csv",
    },
  ],
};
