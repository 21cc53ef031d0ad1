import { createGiftBodySchema, itemParamsSchema, setShippingBodySchema } from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireRole, requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { linkedGuardian, personOf } from "../guardians/guardians.access";
import type { GuardianLinks } from "../guardians/links.service";
import type { GiftsService } from "./gifts.service";

/**
 * A linked guardian's `/api/learners/:learnerId/gifts`, `/api/gifts/:id` for the gift's guardian
 * (and shipping for admins), and the learner's `/api/me/gifts/*`. Mounted on `/api` with
 * authentication per route.
 */
export function giftsRoutes(gifts: GiftsService, links: GuardianLinks, accounts: AccountsService): Router {
  const router = Router();
  const signedIn = requireUser(accounts);
  const guardian = linkedGuardian(accounts, links);
  const learner = [signedIn, requireRole("learner")];

  router.get("/learners/:learnerId/gifts", ...guardian, async (_req, res) => {
    res.json({ gifts: await gifts.listForGuardian(res.locals.user.id, res.locals.learnerId) });
  });

  router.post("/learners/:learnerId/gifts", ...guardian, async (req, res) => {
    const body = parseOrThrow(createGiftBodySchema, req.body);
    res.status(201).json(await gifts.create(personOf(res.locals.user), res.locals.learnerId, body));
  });

  router.delete("/gifts/:id", signedIn, requireRole("guardian"), async (req, res) => {
    const { id } = parseOrThrow(itemParamsSchema, req.params);
    await gifts.withdraw(res.locals.user.id, id);
    res.status(204).end();
  });

  router.put("/gifts/:id/shipping", signedIn, requireRole("guardian", "admin"), async (req, res) => {
    const { id } = parseOrThrow(itemParamsSchema, req.params);
    const { status } = parseOrThrow(setShippingBodySchema, req.body);
    res.json(await gifts.setShipping(res.locals.user, id, status));
  });

  router.get("/me/gifts", ...learner, async (_req, res) => {
    res.json(await gifts.listForLearner(res.locals.user.id));
  });

  router.post("/me/gifts/:id/open", ...learner, async (req, res) => {
    const { id } = parseOrThrow(itemParamsSchema, req.params);
    res.json(await gifts.open(res.locals.user.id, id));
  });

  return router;
}
