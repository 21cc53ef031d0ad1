import {
  bestsViewSchema,
  boardPeriodSchema,
  boardScopeSchema,
  improvedQuerySchema,
  improvedViewSchema,
  leaderboardViewSchema,
  objectIdSchema,
  rebuildReportSchema,
} from "@chalkline/shared";
import { z } from "zod";
import type { ApiSection } from "../../platform/api-description";

/** leaderboards.routes.ts. */
export const leaderboardsApi: ApiSection = {
  tag: "leaderboards",
  description: "XP boards by scope and period, the most improved, personal bests.",
  operations: [
    {
      method: "get",
      path: "/api/leaderboards/improved",
      summary: "This week's XP against last week's, those who improved",
      auth: "bearer",
      query: improvedQuerySchema,
      responses: { 200: improvedViewSchema },
    },
    {
      method: "get",
      path: "/api/leaderboards/:scope",
      summary: "A board's leaders and the caller's own rank (period defaults to week)",
      auth: "bearer",
      params: z.object({ scope: boardScopeSchema }),
      // The route reads the scope from the path and the period defaults to the week (boardRefSchema).
      query: z.object({ scopeId: objectIdSchema.optional(), period: boardPeriodSchema.default("week") }),
      responses: { 200: leaderboardViewSchema },
    },
    {
      method: "get",
      path: "/api/me/bests",
      summary: "The caller's personal records",
      auth: "bearer",
      responses: { 200: bestsViewSchema },
    },
    {
      method: "post",
      path: "/api/admin/leaderboards/rebuild",
      summary: "Rebuilds every board from the XP ledger",
      auth: "bearer",
      roles: ["admin"],
      responses: { 200: rebuildReportSchema },
      errors: ["conflict"],
    },
  ],
};
