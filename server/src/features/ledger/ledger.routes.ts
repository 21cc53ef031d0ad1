import { adminAwardBodySchema, ledgerQuerySchema } from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireRole, requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { recordAudit } from "../audit/audit.model";
import type { AwardsService } from "./awards.service";
import { ledgerPage, progressView } from "./ledger.view";

/**
 * `/api/me/progress`, `/api/me/ledger` and `/api/admin/awards`. Mounted on `/api` with
 * authentication per route, so the requests of other routers are not authenticated here too.
 */
export function ledgerRoutes(awards: AwardsService, accounts: AccountsService): Router {
  const router = Router();
  const signedIn = requireUser(accounts);

  router.get("/me/progress", signedIn, async (_req, res) => {
    const user = res.locals.user;
    res.json(await progressView(awards.cache, user.id, user.timeZone));
  });

  router.get("/me/ledger", signedIn, async (req, res) => {
    res.json(await ledgerPage(awards.cache, res.locals.user.id, parseOrThrow(ledgerQuerySchema, req.query)));
  });

  /** An operator's manual grant: applied once per (userId, key), like every award; 201 when it was. */
  router.post("/admin/awards", signedIn, requireRole("admin"), async (req, res) => {
    const body = parseOrThrow(adminAwardBodySchema, req.body);
    const result = await awards.award({ ...body, at: body.at === undefined ? undefined : new Date(body.at) });
    if (result.applied) {
      const details = { reason: body.reason, key: body.key };
      await recordAudit({
        actorId: res.locals.user.id,
        action: "ledger.award_granted",
        targetId: body.userId,
        details,
      });
    }
    res.status(result.applied ? 201 : 200).json(result);
  });

  return router;
}
