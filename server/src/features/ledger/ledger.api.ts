import {
  adminAwardBodySchema,
  awardResultSchema,
  ledgerPageSchema,
  ledgerQuerySchema,
  progressViewSchema,
} from "@chalkline/shared";
import type { ApiSection } from "../../platform/api-description";

/** ledger.routes.ts. */
export const ledgerApi: ApiSection = {
  tag: "ledger",
  description: "XP and points: the caller's dashboard and ledger, an operator's manual awards.",
  operations: [
    {
      method: "get",
      path: "/api/me/progress",
      summary: "XP, level, points, streak, badges and XP by week",
      auth: "bearer",
      responses: { 200: progressViewSchema },
    },
    {
      method: "get",
      path: "/api/me/ledger",
      summary: "The caller's XP or points entries, newest first",
      auth: "bearer",
      query: ledgerQuerySchema,
      responses: { 200: ledgerPageSchema },
    },
    {
      method: "post",
      path: "/api/admin/awards",
      summary: "Grants XP or points once per (user, key): 201 when applied, 200 when it already was",
      auth: "bearer",
      roles: ["admin"],
      body: adminAwardBodySchema,
      responses: { 201: awardResultSchema, 200: awardResultSchema },
      errors: ["insufficient_points"],
    },
  ],
};
