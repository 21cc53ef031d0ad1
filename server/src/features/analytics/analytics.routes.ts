import { dashboardQuerySchema } from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireRole, requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import type { AnalyticsService } from "./analytics.service";

/** `/api/admin/analytics`: the admins' dashboard. */
export function analyticsRoutes(analytics: AnalyticsService, accounts: AccountsService): Router {
  const router = Router();
  router.use(requireUser(accounts), requireRole("admin"));
  router.get("/", async (req, res) => {
    res.json(await analytics.dashboard(parseOrThrow(dashboardQuerySchema, req.query)));
  });
  return router;
}
