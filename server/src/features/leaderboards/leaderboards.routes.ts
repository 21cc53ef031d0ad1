import { boardRefSchema, improvedQuerySchema } from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireRole, requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { recordAudit } from "../audit/audit.model";
import type { LeaderboardsService } from "./leaderboards.service";

/**
 * `/api/leaderboards/*`, `/api/me/bests` and `/api/admin/leaderboards/rebuild`; mounted on `/api`
 * with authentication per route.
 */
export function leaderboardsRoutes(leaderboards: LeaderboardsService, accounts: AccountsService): Router {
  const router = Router();
  const signedIn = requireUser(accounts);

  router.get("/leaderboards/improved", signedIn, async (req, res) => {
    const { scope, scopeId } = parseOrThrow(improvedQuerySchema, req.query);
    res.json(await leaderboards.improved(scope, scopeId, res.locals.user));
  });

  router.get("/leaderboards/:scope", signedIn, async (req, res) => {
    const ref = parseOrThrow(boardRefSchema, { period: "week", ...req.query, scope: req.params.scope });
    res.json(await leaderboards.view(ref, res.locals.user));
  });

  router.get("/me/bests", signedIn, async (_req, res) => {
    res.json(await leaderboards.bests(res.locals.user.id));
  });

  router.post("/admin/leaderboards/rebuild", signedIn, requireRole("admin"), async (_req, res) => {
    const rebuilt = await leaderboards.rebuildAll();
    await recordAudit({ actorId: res.locals.user.id, action: "leaderboards.rebuilt", targetId: "leaderboards" });
    res.json(rebuilt);
  });

  return router;
}
