import { confirmLinkBodySchema, objectIdSchema } from "@chalkline/shared";
import { Router } from "express";
import { z } from "zod";
import { parseOrThrow } from "../../platform/errors";
import { requireRole, requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import type { LedgerCache } from "../ledger/ledger.cache";
import { linkedGuardian } from "./guardians.access";
import type { GuardianLinks } from "./links.service";
import { learnerOverview } from "./overview";

const otherParamsSchema = z.object({ userId: objectIdSchema });

/**
 * `/api/guardian-links/*` (codes, confirming, listing, unlinking) and `/api/learners/:learnerId/overview`.
 * Mounted on `/api` with authentication per route, so other routers' requests are not authenticated here too.
 */
export function guardiansRoutes(links: GuardianLinks, accounts: AccountsService, ledger: LedgerCache): Router {
  const router = Router();
  const signedIn = requireUser(accounts);
  const eitherSide = [signedIn, requireRole("learner", "guardian")];

  router.post("/guardian-links/code", signedIn, requireRole("learner"), async (_req, res) => {
    res.status(201).json(await links.createCode(res.locals.user.id));
  });

  router.post("/guardian-links", signedIn, requireRole("guardian"), async (req, res) => {
    const { code } = parseOrThrow(confirmLinkBodySchema, req.body);
    res.status(201).json(await links.confirm(res.locals.user.id, code));
  });

  router.get("/guardian-links", ...eitherSide, async (_req, res) => {
    res.json(await links.list(res.locals.user));
  });

  router.delete("/guardian-links/:userId", ...eitherSide, async (req, res) => {
    const { userId } = parseOrThrow(otherParamsSchema, req.params);
    await links.unlink(res.locals.user, userId);
    res.status(204).end();
  });

  router.get("/learners/:learnerId/overview", ...linkedGuardian(accounts, links), async (_req, res) => {
    res.json(await learnerOverview(ledger, res.locals.learnerId));
  });

  return router;
}
